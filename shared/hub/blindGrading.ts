import { z } from 'zod';
import { identifier } from '../exam/examSchema.js';
import { itemGradeSchema } from '../grading/resultSchema.js';
import { essayViewSchema, rubricMarksSchema } from './proctor.js';

/**
 * Blind essay grading (issue 20, docs/reports.md): per essay item, every candidate's answer under a
 * code instead of a name. The code is an HMAC of the attempt and the item with the hub's secret, so
 * it names nobody, and a grader cannot link one candidate's answers across items.
 */
export const blindCodeSchema = z.string().regex(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/, 'a blind code looks like K7QF-2M9X');

export const blindAnswerSchema = z.strictObject({
  code: blindCodeSchema,
  answer: z.string(),
  /** The item's current grade (pending-manual until someone grades it). */
  grade: itemGradeSchema,
  /** The requesting grader's own last marks (another grader's never prefill the form). */
  manual: z.strictObject({ criteria: rubricMarksSchema, comment: z.string().nullable(), by: z.string(), at: z.string() }).nullable(),
  /**
   * Everyone who graded this answer, latest grade each. Another grader's score is null until you
   * have graded it yourself (second grading stays independent), or while it needs reconciling.
   */
  graders: z.array(
    z.strictObject({
      by: z.string(),
      at: z.string(),
      score: z.number().nullable(),
      /** Points per rubric criterion, shown (like `score`) once you have graded or to reconcile: side by side. */
      marks: z.record(identifier, z.number()).nullable(),
      reconciles: z.boolean(),
    }),
  ),
  /** Two graders differ by more than a criterion level and no one has settled it since. */
  needsReconciliation: z.boolean(),
});

export const blindItemSchema = z.strictObject({
  itemId: identifier,
  title: z.string(),
  prompt: z.string(),
  points: z.number(),
  rubric: essayViewSchema.shape.rubric,
  /** In code order (not enrollment order, which could hint at who is who). */
  answers: z.array(blindAnswerSchema),
  /** Answers with at least one grade. */
  graded: z.int().min(0),
  /** Answers with grades from two or more graders. */
  doubleGraded: z.int().min(0),
  needsReconciliation: z.int().min(0),
});

export const blindQueueReplySchema = z.strictObject({ items: z.array(blindItemSchema) });

export const blindGradeReplySchema = z.strictObject({ grade: itemGradeSchema });

export type BlindAnswer = z.infer<typeof blindAnswerSchema>;
export type BlindItem = z.infer<typeof blindItemSchema>;
export type BlindQueueReply = z.infer<typeof blindQueueReplySchema>;
export type BlindGradeReply = z.infer<typeof blindGradeReplySchema>;
