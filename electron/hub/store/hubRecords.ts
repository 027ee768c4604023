import { z } from 'zod';
import { hubCommandSchema } from '../../../shared/hub/commands.js';
import { deviceInfoSchema } from '../../../shared/hub/enrollment.js';
import { hubIdSchema, isoTimeSchema } from '../../../shared/hub/ids.js';
import { manualGradeSchema } from '../../../shared/hub/proctor.js';
import { journalEntrySchema } from '../../../shared/journal.js';
import { submitReasonSchema } from '../../../shared/lifecycle.js';

/**
 * What the hub stores (DESIGN 8), as records: the log is the hub's source of truth, replayed on
 * start to rebuild its state. Heartbeats are not here (live status, kept in memory and snapshotted);
 * results are files of their own (large) and named here once stored.
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

const at = isoTimeSchema;

export const hubRecordSchema = z.discriminatedUnion('k', [
  z.strictObject({ k: z.literal('enroll'), at, attempt: enrolledAttemptSchema, tokenHash: z.string() }),
  /** Another token for an enrolled attempt (re-enrollment). */
  z.strictObject({ k: z.literal('token'), at, attemptId: hubIdSchema, tokenHash: z.string() }),
  z.strictObject({ k: z.literal('events'), at, attemptId: hubIdSchema, entries: z.array(journalEntrySchema).min(1) }),
  z.strictObject({ k: z.literal('command'), at, attemptId: hubIdSchema, command: hubCommandSchema }),
  z.strictObject({ k: z.literal('ack'), at, attemptId: hubIdSchema, commandIds: z.array(hubIdSchema).min(1), via: z.enum(['heartbeat', 'journal']) }),
  z.strictObject({ k: z.literal('result'), at, attemptId: hubIdSchema, meta: resultMetaSchema }),
  z.strictObject({ k: z.literal('manual-grade'), at, attemptId: hubIdSchema, grade: manualGradeSchema }),
  /** Grading hit a system error (SQL runner, coding grader); it is retried. */
  z.strictObject({ k: z.literal('grading-error'), at, attemptId: hubIdSchema, message: z.string() }),
]);

export type EnrolledAttempt = z.infer<typeof enrolledAttemptSchema>;
export type ResultMeta = z.infer<typeof resultMetaSchema>;
export type HubRecord = z.infer<typeof hubRecordSchema>;
export type HubRecordKind = HubRecord['k'];
