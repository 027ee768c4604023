import { z } from 'zod';
import { identifier } from '../exam/examSchema.js';
import { gradedResultSchema, itemGradeSchema } from '../grading/resultSchema.js';
import { journalEntrySchema, violationSeveritySchema } from '../journal.js';
import { attemptStateSchema, submitReasonSchema } from '../lifecycle.js';
import { hubCommandSchema } from './commands.js';
import { deviceInfoSchema } from './enrollment.js';
import { hubIdSchema, isoTimeSchema, multilineText, plainText } from './ids.js';
import { hubRoleSchema } from './roles.js';
import { DETAIL_TIMELINE_MAX_PAGE } from './limits.js';

/** Proctor API (DESIGN 8): login, attempt summaries and detail, commands, essay grading, CSV. */
export const loginRequestSchema = z.strictObject({
  password: z.string().min(1).max(1024),
  /** Who is logging in; commands and grades are journaled under this name. */
  name: plainText(64).trim().min(1).optional(),
});

export const loginReplySchema = z.strictObject({
  token: z.string(),
  expiresAt: isoTimeSchema,
  /** The account logged in (`admin` when the request named none). */
  name: z.string(),
  /** Its role: the dashboard shows only the controls the role may use (the hub enforces them anyway). */
  role: hubRoleSchema,
});

export const violationCountsSchema = z.strictObject({ info: z.int().min(0), warning: z.int().min(0), critical: z.int().min(0) });

/**
 * `incomplete-journal`: the result is held but the hub lacks part of the journal it names (it is
 * graded once the entries arrive); `refused`: its answers disagree with that journal.
 */
export const gradingStatusSchema = z.enum(['none', 'incomplete-journal', 'pending', 'graded', 'error', 'refused']);

/**
 * The latest refused try to enroll this candidate id from another device (issue 15 point 8): the
 * proctor checks who it is and may allow the new device (allowReenroll).
 */
export const reenrollRequestSchema = z.strictObject({
  at: isoTimeSchema,
  /** The first 16 hex digits of the SHA-256 of the new device's public key (DER). */
  deviceFingerprint: z.string().regex(/^[0-9a-f]{16}$/),
  deviceInfo: deviceInfoSchema,
});

export const attemptSummarySchema = z.strictObject({
  attemptId: hubIdSchema,
  candidate: z.strictObject({ id: z.string(), name: z.string() }),
  deviceInfo: deviceInfoSchema,
  enrolledAt: isoTimeSchema,
  /** From the latest heartbeat, else the journal; `sealed` at least once the result is in. */
  state: attemptStateSchema,
  /** A heartbeat arrived within ONLINE_WINDOW_MS. */
  online: z.boolean(),
  /** The candidate holds the live channel open. */
  live: z.boolean(),
  progress: z.strictObject({ answered: z.int().min(0), total: z.int().min(0) }),
  remainingMs: z.number().min(0).nullable(),
  lastHeartbeatAt: isoTimeSchema.nullable(),
  lastSavedAt: isoTimeSchema.nullable(),
  /** The last journal seq the hub holds. */
  journalSeq: z.int().min(0),
  violations: violationCountsSchema,
  pendingCommands: z.int().min(0),
  result: z
    .strictObject({ submittedAt: isoTimeSchema, submitReason: submitReasonSchema, receivedAt: isoTimeSchema, resultSha256: z.string() })
    .nullable(),
  /** A refused enrollment from another device, until a proctor allows it and that device enrolls. */
  reenrollRequest: reenrollRequestSchema.nullable(),
  /** A proctor allowed a new device to take this attempt's place until then. */
  reenrollAllowedUntil: isoTimeSchema.nullable(),
  grading: z.strictObject({
    status: gradingStatusSchema,
    score: z.number().nullable(),
    maxScore: z.number().nullable(),
    pendingManual: z.int().min(0),
    error: z.string().nullable(),
  }),
});

export const attemptListReplySchema = z.array(attemptSummarySchema);

export const commandLogEntrySchema = z.strictObject({
  command: hubCommandSchema,
  ackedAt: isoTimeSchema.nullable(),
});

/**
 * A person's rubric marks: the criteria met (each earns its full points), or the points of the
 * level picked per criterion (rubric levels, DESIGN 4; shared/grading/rubric.ts).
 */
export const rubricMarksSchema = z.union([z.array(identifier).max(100), z.record(identifier, z.number().finite().nonnegative())]);

export const manualGradeSchema = z.strictObject({
  itemId: identifier,
  criteria: rubricMarksSchema,
  comment: z.string().optional(),
  by: z.string(),
  at: isoTimeSchema,
  /** Given to settle two graders who differed by more than a criterion level (blind grading). */
  reconciles: z.literal(true).optional(),
});

export const essayViewSchema = z.strictObject({
  itemId: identifier,
  prompt: z.string(),
  points: z.number(),
  answer: z.string().nullable(),
  rubric: z.array(
    z.strictObject({
      id: identifier,
      text: z.string(),
      points: z.number(),
      /** A leveled criterion: the grader picks one level. */
      levels: z.array(z.strictObject({ points: z.number(), label: z.string(), descriptor: z.string().optional() })).optional(),
    }),
  ),
  grade: itemGradeSchema.nullable(),
  /** The criteria marked as met by the last manual grade, if any. */
  manual: manualGradeSchema.nullable(),
});

export const attemptDetailSchema = z.strictObject({
  summary: attemptSummarySchema,
  /**
   * One page of the journal entries the hub holds, in seq order (the attempt's timeline): those
   * after the query's `afterSeq`, at most `limit` (DETAIL_TIMELINE_PAGE by default).
   */
  timeline: z.array(journalEntrySchema),
  /** The `afterSeq` of the next page, or null when this page ends the timeline. */
  timelineNext: z.int().min(0).nullable(),
  violations: z.array(
    z.strictObject({ seq: z.int(), at: isoTimeSchema, kind: z.string(), severity: violationSeveritySchema, detail: z.string() }),
  ),
  commands: z.array(commandLogEntrySchema),
  graded: gradedResultSchema.nullable(),
  essays: z.array(essayViewSchema),
});

/** The device the proctor saw and allows: only a key with this fingerprint may take the attempt. */
export const allowReenrollRequestSchema = z.strictObject({ deviceFingerprint: reenrollRequestSchema.shape.deviceFingerprint });
export const allowReenrollReplySchema = z.strictObject({ until: isoTimeSchema });

/** The detail route's query: a page of the timeline. */
export const detailQuerySchema = z.strictObject({
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(DETAIL_TIMELINE_MAX_PAGE).optional(),
});

export const gradeRequestSchema = z.strictObject({
  itemId: identifier,
  /** Rubric criteria met (each earns its full points), or the points of the level picked per criterion. */
  criteria: rubricMarksSchema,
  comment: multilineText(5000).optional(),
  /** This grade settles a disagreement between graders (docs/reports.md, blind grading). */
  reconciles: z.literal(true).optional(),
});

export const gradeReplySchema = z.strictObject({ graded: gradedResultSchema });

export type LoginRequest = z.infer<typeof loginRequestSchema>;
export type LoginReply = z.infer<typeof loginReplySchema>;
export type ViolationCounts = z.infer<typeof violationCountsSchema>;
export type GradingStatus = z.infer<typeof gradingStatusSchema>;
export type AttemptSummary = z.infer<typeof attemptSummarySchema>;
export type ReenrollRequest = z.infer<typeof reenrollRequestSchema>;
export type AttemptDetail = z.infer<typeof attemptDetailSchema>;
export type CommandLogEntry = z.infer<typeof commandLogEntrySchema>;
export type ManualGrade = z.infer<typeof manualGradeSchema>;
export type EssayView = z.infer<typeof essayViewSchema>;
export type GradeRequest = z.infer<typeof gradeRequestSchema>;
export type GradeReply = z.infer<typeof gradeReplySchema>;
