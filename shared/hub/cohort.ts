import { z } from 'zod';
import { identifier } from '../exam/examSchema.js';
import { submitReasonSchema } from '../lifecycle.js';
import { violationCountsSchema } from './proctor.js';

/**
 * The cohort (issue 20, docs/reports.md): every graded attempt of the sitting this hub holds,
 * ranked, with percentages, percentiles and per-skill scores. The JSON export is this reply; the
 * CSV export has the same columns.
 */
export const examInfoSchema = z.strictObject({
  id: identifier,
  version: z.string(),
  title: z.string(),
  skills: z.array(z.strictObject({ id: identifier, title: z.string() })),
});

export const skillPartSchema = z.strictObject({
  score: z.number(),
  max: z.number(),
  /** score / max * 100; null when the skill has no points on this candidate's form. */
  percent: z.number().nullable(),
  /** Percentile rank of the percent among the cohort (mid-rank: ties share it). */
  percentile: z.number().nullable(),
});

export const cohortRowSchema = z.strictObject({
  attemptId: z.string(),
  candidate: z.strictObject({ id: z.string(), name: z.string() }),
  /** 1 for the best; equal percentages share a rank (1, 2, 2, 4). */
  rank: z.int().min(1),
  score: z.number(),
  maxScore: z.number(),
  percent: z.number(),
  percentile: z.number(),
  skills: z.record(identifier, skillPartSchema),
  /** Essays still waiting for a person: the score may still rise. */
  pendingManual: z.int().min(0),
  startedAt: z.string(),
  submittedAt: z.string(),
  /** submittedAt - startedAt, in milliseconds (wall clock, pauses included). */
  timeUsedMs: z.number().min(0),
  submitReason: submitReasonSchema,
  violations: violationCountsSchema,
  /** Other candidates whose code is flagged as similar to this one's (a flag to review, never a penalty). */
  similarityFlags: z.int().min(0),
});

export const cohortReplySchema = z.strictObject({
  exam: examInfoSchema,
  /** Attempts enrolled; rows are only the graded ones. */
  enrolled: z.int().min(0),
  rows: z.array(cohortRowSchema),
});

export type ExamInfo = z.infer<typeof examInfoSchema>;
export type SkillPart = z.infer<typeof skillPartSchema>;
export type CohortRow = z.infer<typeof cohortRowSchema>;
export type CohortReply = z.infer<typeof cohortReplySchema>;
