import { z } from 'zod';
import { identifier, languageSchema, type ItemType } from './examSchema.js';

/** key.json (DESIGN 4): the grading part. Proctored candidates never receive it. */
export const KEY_FORMAT = 'vigil-key/1';

const explanation = z.string().max(20_000).optional();

export const singleChoiceKey = z.strictObject({ answer: identifier, explanation });
export const multipleChoiceKey = z.strictObject({
  answers: z.array(identifier).min(1),
  scoring: z.enum(['partial', 'all-or-nothing']).default('partial'),
  explanation,
});
export const shortTextKey = z.strictObject({
  /** Plain texts, or "/regex/flags". */
  accept: z.array(z.string().min(1).max(1000)).min(1).max(100),
  caseSensitive: z.boolean().optional(),
  explanation,
});
export const numericKey = z.strictObject({
  value: z.number().finite(),
  tolerance: z.number().nonnegative().default(0),
  explanation,
});
/** One level of a rubric criterion: a grader picks exactly one per criterion. */
export const rubricLevel = z.strictObject({
  points: z.number().nonnegative(),
  label: z.string().min(1).max(200),
  descriptor: z.string().max(5000).optional(),
});
/**
 * A rubric criterion worth `points`. With `levels`, a grader picks one level (their points run
 * from 0 to the criterion's points; lint checks the top level equals `points`, and that a 0 level
 * exists). Without levels it is a two-level criterion: missing (0) or met (all its points).
 */
export const rubricCriterion = z.strictObject({
  id: identifier,
  text: z.string().min(1).max(5000),
  points: z.number().positive(),
  levels: z.array(rubricLevel).min(2).max(10).optional(),
});
export const essayKey = z.strictObject({
  rubric: z
    .array(rubricCriterion)
    .min(1)
    .refine((r) => new Set(r.map((c) => c.id)).size === r.length, 'rubric ids must be unique'),
  explanation,
});
/**
 * Plan checks (DESIGN 13), on the candidate's query's EXPLAIN QUERY PLAN over the same dataset:
 * `uses` names indexes the plan must use ("USING INDEX <name>" or "USING COVERING INDEX <name>"),
 * `forbids` lists plan steps it must not contain, matched at the start of a plan line ("SCAN orders"
 * forbids a full scan of orders, not "SCAN orders_archive"). See gradeSql for the credit rule.
 */
export const sqlPlanCheck = z
  .strictObject({
    uses: z.array(z.string().min(1).max(200)).max(20).optional(),
    forbids: z.array(z.string().min(1).max(200)).max(20).optional(),
  })
  .refine((p) => (p.uses?.length ?? 0) + (p.forbids?.length ?? 0) > 0, 'a plan check needs uses or forbids');
export const sqlKey = z.strictObject({ query: z.string().min(1).max(20_000), ordered: z.boolean().optional(), plan: sqlPlanCheck.optional(), explanation });
/**
 * One weighted hidden test (DESIGN 13): `name` is a leaf test's exact name (its full id: suite
 * names from the outside in, joined by " > ") or "/regex/flags" matching several; `points` go to
 * `skill` when it passes. An entry matching several leaves splits its points evenly over them.
 */
export const weightedTest = z.strictObject({
  name: z.string().min(1).max(1000),
  points: z.number().positive().max(1000),
  skill: identifier,
});

export const codingKey = z
  .strictObject({
    command: z.string().min(1).max(2000),
    timeoutSeconds: z.number().positive().max(3600),
    report: z.enum(['tap', 'junit', 'exit-code']),
    /**
     * Weighted, skill-tagged hidden tests. The item's points are their sum (lint checks), every
     * leaf the reference solution reports must match exactly one entry, and each entry at least
     * one leaf. Without `tests`, points split evenly over the leaves the reference passes.
     */
    tests: z.array(weightedTest).min(1).max(500).optional(),
    /** How the hidden suite starts the candidate's program, per language: passed as env VIGIL_START. */
    start: z.union([z.string().min(1).max(1000), z.partialRecord(languageSchema, z.string().min(1).max(1000))]).optional(),
    explanation,
  })
  .refine((k) => k.tests === undefined || k.report !== 'exit-code', { message: 'weighted tests need a test report (tap or junit), not exit-code', path: ['tests'] });

/** The key entry's schema is chosen by the item's type in exam.json. */
export const keyEntrySchemas = {
  'single-choice': singleChoiceKey,
  'multiple-choice': multipleChoiceKey,
  'short-text': shortTextKey,
  numeric: numericKey,
  essay: essayKey,
  sql: sqlKey,
  coding: codingKey,
} as const satisfies Record<ItemType, z.ZodType>;

export type KeyEntryFor<T extends ItemType> = z.infer<(typeof keyEntrySchemas)[T]>;
export type KeyEntry = KeyEntryFor<ItemType>;

export const keySchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal(KEY_FORMAT),
  examId: identifier,
  examVersion: z.string().min(1).max(64),
  /** Entries are validated against their item's type by the package loader. */
  items: z.record(identifier, z.record(z.string(), z.unknown())),
});

export type Key = z.infer<typeof keySchema>;
