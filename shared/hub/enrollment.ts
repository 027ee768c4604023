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

/**
 * Enrolling an enrolled candidate id from another device (a new key) needs the original device's
 * consent, `priorProof`: its key signs this payload naming the new key; or a proctor's approval.
 */
export const REENROLL_PROOF_PURPOSE = 'vigil-reenroll/1';

export function reenrollProofPayload(candidateId: string, newDevicePublicKey: string): { purpose: string; candidateId: string; newDevicePublicKey: string } {
  return { purpose: REENROLL_PROOF_PURPOSE, candidateId, newDevicePublicKey };
}

/** At most this many keys, and this many characters of keys and values together. */
export const DEVICE_INFO_MAX_KEYS = 32;
export const DEVICE_INFO_MAX_CHARS = 4096;
const deviceInfoKey = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/**
 * `deviceInfo` (DESIGN 8): an object of optional strings "(os, hostname, appVersion, ...)",
 * size-capped; the hub shows them to proctors. The named keys have their own caps; any other
 * string key is accepted too (a newer app may report more), within the total cap. Keys are plain
 * names, so nothing like `__proto__` gets in.
 */
export const deviceInfoSchema = z
  .object({
    os: plainText(128).optional(),
    osVersion: plainText(128).optional(),
    arch: plainText(32).optional(),
    hostname: plainText(256).optional(),
    appVersion: plainText(64).optional(),
    deviceId: plainText(128).optional(),
    displays: plainText(64).optional(),
  })
  .catchall(plainText(256))
  .superRefine((info, ctx) => {
    const keys = Object.keys(info);
    const bad = keys.find((k) => !deviceInfoKey.test(k));
    if (bad !== undefined) ctx.addIssue({ code: 'custom', path: [bad], message: `not a device info key: ${JSON.stringify(bad.slice(0, 70))} (letters, digits, _ . -; at most 64)` });
    if (keys.length > DEVICE_INFO_MAX_KEYS) ctx.addIssue({ code: 'custom', message: `at most ${DEVICE_INFO_MAX_KEYS} keys (got ${keys.length})` });
    const chars = keys.reduce((n, k) => n + k.length + String(info[k] ?? '').length, 0);
    if (chars > DEVICE_INFO_MAX_CHARS) ctx.addIssue({ code: 'custom', message: `at most ${DEVICE_INFO_MAX_CHARS} characters of keys and values (got ${chars})` });
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
  /** The original device's consent to enrolling this candidate id from this device (reenrollProofPayload). */
  priorProof: z.strictObject({ devicePublicKey: devicePublicKeySchema, signature: ed25519SignatureSchema }).optional(),
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
