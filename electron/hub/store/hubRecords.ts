import { z } from 'zod';
import { deviceInfoSchema } from '../../../shared/hub/enrollment.js';
import { hubIdSchema, isoTimeSchema } from '../../../shared/hub/ids.js';
import { submitReasonSchema } from '../../../shared/lifecycle.js';

/**
 * The shapes of what the hub stores about an attempt (DESIGN 8): its enrollment and its result's
 * meta (receipt, hashes). The database columns hold them field by field (store/sql/migrations.ts).
 */
export const enrolledAttemptSchema = z.strictObject({
  attemptId: hubIdSchema,
  examId: z.string(),
  examVersion: z.string(),
  candidateId: z.string(),
  candidateName: z.string(),
  devicePublicKey: z.string(),
  deviceInfo: deviceInfoSchema,
  /** The device's proof of key possession, kept so an upstream hub can be enrolled with it. */
  proof: z.string().nullable(),
  enrolledAt: isoTimeSchema,
});

export const resultMetaSchema = z.strictObject({
  resultSha256: z.string(),
  receipt: z.string(),
  receivedAt: isoTimeSchema,
  idempotencyKey: z.string(),
  submittedAt: isoTimeSchema,
  submitReason: submitReasonSchema,
  journal: z.strictObject({ count: z.int(), headHash: z.string() }),
  bytes: z.int().min(0),
});

export type EnrolledAttempt = z.infer<typeof enrolledAttemptSchema>;
export type ResultMeta = z.infer<typeof resultMetaSchema>;
