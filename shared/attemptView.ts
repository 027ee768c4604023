import { z } from 'zod';
import { identifier, languageSchema } from './exam/examSchema.js';
import { gradedResultSchema } from './grading/resultSchema.js';
import { attemptStateSchema, submitReasonSchema } from './lifecycle.js';

/**
 * What the renderer sees of the current attempt. It is derived from the journal-backed store and
 * the timer on every change and pushed as the `attemptChanged` event; nothing here is authoritative.
 */
export const timerViewSchema = z.object({
  clock: z.enum(['active', 'deadline']),
  /** Exam length including accommodation and extra time. */
  durationMs: z.number().nonnegative(),
  remainingMs: z.number().nonnegative(),
  /** False before start, while paused, and after submit (a lock never stops the clock). */
  running: z.boolean(),
  warnAtMinutes: z.array(z.number()),
});
export type TimerView = z.infer<typeof timerViewSchema>;

export const syncStatusSchema = z.enum(['local-only', 'pending', 'uploading', 'synced', 'failed']);

export const savedAnswerViewSchema = z.object({ value: z.unknown(), savedAt: z.string(), seq: z.int().min(1) });

/**
 * Practice grading after the seal (it never delays it): `grading` while the first run is going,
 * `retrying` after the grader itself failed (with its error; it is retried with growing delays),
 * `done` once the grade is stored.
 */
export const gradingStatusSchema = z.object({
  status: z.enum(['grading', 'retrying', 'done']),
  /** Runs started so far. */
  attempts: z.int().min(0),
  /** The last failure of the grader, null when none. */
  error: z.string().nullable(),
});
export type GradingStatus = z.infer<typeof gradingStatusSchema>;

export const attemptViewSchema = z.object({
  attemptId: z.string(),
  examId: z.string(),
  state: attemptStateSchema,
  stateReason: z.string().nullable(),
  candidate: z.object({ id: z.string(), name: z.string() }),
  answers: z.record(z.string(), savedAnswerViewSchema),
  flags: z.array(z.string()),
  /** The language picked for each multi-language coding item, from the journal's `language` entries. */
  languages: z.record(identifier, languageSchema),
  /**
   * The languages whose toolchains this computer has (the pre-flight's check), null before it is
   * known: only these are offered in a language choice.
   */
  installedLanguages: z.array(languageSchema).nullable(),
  timer: timerViewSchema,
  /** The proctor's message while locked. */
  lockMessage: z.string().nullable(),
  /** The reason the proctor gave for the pause, while paused (null when none was given). */
  pauseReason: z.string().nullable(),
  /** Practice grading after the seal; null when there is none (proctored exams, before the seal). */
  grading: gradingStatusSchema.nullable(),
  submittedAt: z.string().nullable(),
  submitReason: submitReasonSchema.nullable(),
  /** What the app repaired when it reopened this attempt (lost or restored saves), for the candidate to read. */
  recovery: z.array(z.string()),
  sync: z.object({ status: syncStatusSchema, receipt: z.string().nullable(), detail: z.string().nullable() }),
});
export type AttemptView = z.infer<typeof attemptViewSchema>;

export const checkInParamsSchema = z.strictObject({
  candidateId: z.string().trim().min(1, 'enter your candidate id').max(64),
  candidateName: z.string().trim().min(1, 'enter your name').max(200),
  /** Required for proctored exams (the hub's access code); ignored in practice mode. */
  accessCode: z.string().trim().max(64).optional(),
  /** Accommodation factor (>= 1) granted to this candidate, e.g. 1.25 for 25% extra time. */
  accommodation: z.number().min(1).max(4).optional(),
});

export const preflightCheckSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['pass', 'warn', 'fail']),
  /** What was found and what to do about it. */
  detail: z.string(),
  /** A failed check a proctor override code may waive. */
  overridable: z.boolean(),
});
export type PreflightCheck = z.infer<typeof preflightCheckSchema>;

export const resultViewSchema = z.object({
  attemptId: z.string(),
  submittedAt: z.string(),
  submitReason: submitReasonSchema,
  journal: z.object({ count: z.int().min(0), headHash: z.string().nullable() }),
  /** Graded locally in practice mode; null for proctored exams (the hub grades). */
  graded: gradedResultSchema.nullable(),
  sync: attemptViewSchema.shape.sync,
});
export type ResultView = z.infer<typeof resultViewSchema>;

export const sqlRunResultSchema = z.union([
  z.object({ ok: z.literal(true), columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))), truncated: z.boolean() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type SqlRunResult = z.infer<typeof sqlRunResultSchema>;

/** An SQL item's dataset as the schema panel lists it: each table (and view) with its columns. */
export const sqlSchemaResultSchema = z.object({
  tables: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['table', 'view']),
      columns: z.array(z.object({ name: z.string(), type: z.string(), primaryKey: z.boolean(), notNull: z.boolean() })),
    }),
  ),
});
export type SqlSchemaResult = z.infer<typeof sqlSchemaResultSchema>;
