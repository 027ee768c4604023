import { createHmac } from 'node:crypto';

/** Letters and digits a person cannot confuse (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * The blind code of one candidate's answer to one item: an HMAC with the hub's secret, so it is
 * stable (a grader can come back to it), names nobody, and differs per item (a grader cannot link
 * one candidate's answers across items). 8 characters of 31: collisions within a sitting are
 * vanishingly rare, and the queue refuses one if it ever happens.
 */
export function blindCode(secret: Buffer, attemptId: string, itemId: string): string {
  const digest = createHmac('sha256', secret).update(`vigil-blind-grading\u0000${attemptId}\u0000${itemId}`).digest();
  let out = '';
  for (let i = 0; i < 8; i++) out += ALPHABET[(digest[i] as number) % ALPHABET.length];
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}
