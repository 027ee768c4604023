import { z } from 'zod';
import { policySchema } from '../exam/policy.js';
import { ed25519SignatureSchema, hubIdSchema, isoTimeSchema, plainText } from './ids.js';

/**
 * Enrollment (DESIGN 8): a candidate's machine joins the hub with the access code and its device
 * key, and gets an attempt id and a bearer token for every later request.
 *
 * The attempt id is derived from (exam id, exam version, candidate id, device key), so the same
 * candidate on the same device always has the same attempt, on this hub and on an upstream hub.
 * Enrolling again with the same candidate id and key returns that attempt with a fresh token (a
 * crashed laptop recovers); doing so requires `proof`, a signature by the device key, so knowing a
 * public key and the room's access code is not enough to take over someone's attempt.
 */
export const ENROLL_PROOF_PURPOSE = 'vigil-enroll/1';

/** What `proof` signs (canonical JSON of it, Ed25519 with the device's private key). */
export function enrollProofPayload(candidateId: string, devicePublicKey: string): { purpose: string; candidateId: string; devicePublicKey: string } {
  return { purpose: ENROLL_PROOF_PURPOSE, candidateId, devicePublicKey };
}

/** `deviceInfo`: a few optional strings, size-capped; the hub shows them to proctors. */
export const deviceInfoSchema = z
  .strictObject({
    os: plainText(128).optional(),
    osVersion: plainText(128).optional(),
    arch: plainText(32).optional(),
    hostname: plainText(256).optional(),
    appVersion: plainText(64).optional(),
    deviceId: plainText(128).optional(),
    displays: plainText(64).optional(),
  })
  .describe('optional strings about the machine, shown to proctors');

export const candidateIdSchema = plainText(64).trim().min(1, 'enter your candidate id');
export const candidateNameSchema = plainText(200).trim().min(1, 'enter your name');

export const devicePublicKeySchema = z
  .string()
  .max(1024)
  .startsWith('-----BEGIN PUBLIC KEY-----', 'must be an SPKI PEM public key')
  .describe('the device Ed25519 public key, SPKI PEM');

export const enrollRequestSchema = z.strictObject({
  accessCode: z.string().trim().min(1).max(64),
  candidateId: candidateIdSchema,
  candidateName: candidateNameSchema,
  devicePublicKey: devicePublicKeySchema,
  deviceInfo: deviceInfoSchema,
  /** Base64 Ed25519 signature of canonicalJson(enrollProofPayload(...)); required to re-enroll. */
  proof: ed25519SignatureSchema.optional(),
});

export const enrollReplySchema = z.strictObject({
  attemptId: hubIdSchema,
  token: z.string().min(1),
  examId: z.string(),
  examVersion: z.string(),
  serverTime: isoTimeSchema,
  policy: policySchema,
  /** True when this candidate and device were enrolled before (the same attempt continues). */
  resumed: z.boolean(),
});

export type DeviceInfo = z.infer<typeof deviceInfoSchema>;
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;
export type EnrollRequestInput = z.input<typeof enrollRequestSchema>;
export type EnrollReply = z.infer<typeof enrollReplySchema>;
