import { z } from 'zod';
import { identifier, ITEM_TYPES } from '../exam/examSchema.js';
import { itemStatusSchema } from '../grading/resultSchema.js';
import { violationSeveritySchema } from '../journal.js';
import { submitReasonSchema } from '../lifecycle.js';
import { examInfoSchema } from './cohort.js';
import { violationCountsSchema } from './proctor.js';
import { matchRegionSchema } from './similarity.js';

/**
 * One attempt's candidate report (issue 20, docs/reports.md): everything a hiring manager reads
 * about one candidate, with the cohort beside it. The hub's HTML and PDF reports and the
 * dashboard's report page all render this one reply.
 */
export const reportOptionSchema = z.strictObject({ id: identifier, text: z.string(), chosen: z.boolean(), correct: z.boolean() });

export const reportTestSchema = z.strictObject({
  name: z.string(),
  passed: z.boolean(),
  /** The test's points and skill, when the key weights its tests. */
  points: z.number().nullable(),
  skill: z.string().nullable(),
});

export const reportItemSchema = z.strictObject({
  itemId: identifier,
  title: z.string(),
  prompt: z.string(),
  type: z.enum(ITEM_TYPES),
  score: z.number(),
  max: z.number(),
  status: itemStatusSchema,
  /** The candidate's answer as text (a choice's option text, a query, an essay); null when unanswered. */
  answer: z.string().nullable(),
  /** The key as text (the right option, accepted answers, a reference query, the rubric); null when the key has none to show. */
  key: z.string().nullable(),
  options: z.array(reportOptionSchema).nullable(),
  feedback: z.string().nullable(),
  explanation: z.string().nullable(),
  /** Coding items: hidden tests passed, per behaviour. */
  tests: z.strictObject({ passed: z.int().min(0), total: z.int().min(0), list: z.array(reportTestSchema) }).nullable(),
  /** Essays: who graded it by hand, and their comment. */
  gradedBy: z.string().nullable(),
  comment: z.string().nullable(),
});

export const reportSectionSchema = z.strictObject({
  id: identifier,
  title: z.string(),
  score: z.number(),
  max: z.number(),
  /** Estimated from the journal: time between saved changes counted for the item changed. */
  timeMs: z.number().min(0),
  items: z.array(reportItemSchema),
});

export const reportSkillSchema = z.strictObject({
  id: identifier,
  title: z.string(),
  score: z.number(),
  max: z.number(),
  percent: z.number().nullable(),
  percentile: z.number().nullable(),
  /** Every graded candidate's percent in this skill (this one included), for the distribution. */
  cohort: z.array(z.number()),
});

export const reportSimilaritySchema = z.strictObject({
  itemId: identifier,
  itemTitle: z.string(),
  other: z.strictObject({ attemptId: z.string(), name: z.string() }),
  similarity: z.number(),
  /** Matching regions: this candidate's code on the left. */
  regions: z.array(matchRegionSchema),
});

export const candidateReportSchema = z.strictObject({
  exam: examInfoSchema,
  attemptId: z.string(),
  candidate: z.strictObject({ id: z.string(), name: z.string() }),
  generatedAt: z.string(),
  total: z.strictObject({
    score: z.number(),
    max: z.number(),
    percent: z.number(),
    percentile: z.number(),
    rank: z.int().min(1),
    of: z.int().min(1),
    cohort: z.array(z.number()),
  }),
  pendingManual: z.int().min(0),
  skills: z.array(reportSkillSchema),
  sections: z.array(reportSectionSchema),
  startedAt: z.string(),
  submittedAt: z.string(),
  timeUsedMs: z.number().min(0),
  submitReason: submitReasonSchema,
  integrity: z.strictObject({
    counts: violationCountsSchema,
    violations: z.array(z.strictObject({ at: z.string(), kind: z.string(), severity: violationSeveritySchema, detail: z.string() })),
    /** Proctor commands sent to this attempt (pause, add time, force submit...), each with who sent it. */
    commands: z.array(z.strictObject({ type: z.string(), text: z.string(), issuedBy: z.string(), issuedAt: z.string(), received: z.boolean() })),
    /** Pre-flight checks a proctor overrode for this candidate. */
    overrides: z.array(z.strictObject({ checks: z.array(z.string()), issuedBy: z.string(), issuedAt: z.string() })),
    similarity: z.array(reportSimilaritySchema),
  }),
});

export type ReportItem = z.infer<typeof reportItemSchema>;
export type ReportSection = z.infer<typeof reportSectionSchema>;
export type ReportSkill = z.infer<typeof reportSkillSchema>;
export type ReportTest = z.infer<typeof reportTestSchema>;
export type CandidateReport = z.infer<typeof candidateReportSchema>;
