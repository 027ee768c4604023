import { z } from 'zod';
import { identifier } from '../exam/examSchema.js';

/**
 * The graded result of an attempt (DESIGN 12), as printed by `vigil grade` and stored by the hub.
 * Scores are rounded to 4 decimals (see grades.ts) so sums do not carry float noise.
 */
export const itemStatusSchema = z.enum(['correct', 'partial', 'incorrect', 'unanswered', 'pending-manual', 'error']);

const score = z.number().finite().nonnegative();

export const itemGradeSchema = z
  .strictObject({
    score,
    max: score,
    status: itemStatusSchema,
    /** Why the item scored what it did (a candidate's SQL error, a wrong answer shape, a grader error). */
    feedback: z.string().max(20_000).optional(),
    /** The key's explanation, when it has one: practice results show it. */
    explanation: z.string().max(20_000).optional(),
    /**
     * Where this item's points went, when the grader knows better than the item's skill shares:
     * a coding item with weighted hidden tests gives each passed test's points to its one skill.
     * Scores and maxima here sum to the grade's score and max.
     */
    skills: z.record(identifier, z.strictObject({ score, max: score })).optional(),
  })
  .refine((g) => g.score <= g.max, { message: 'score must not exceed max', path: ['score'] });

export const skillScoreSchema = z.strictObject({ score, max: score, title: z.string().min(1).max(200) });

export const gradedResultSchema = z.strictObject({
  examId: identifier,
  score,
  maxScore: score,
  /** Essay items answered and waiting for a person; they score 0 until graded. In exam order. */
  pendingManual: z.array(identifier),
  items: z.record(identifier, itemGradeSchema),
  skills: z.record(identifier, skillScoreSchema),
});

export type ItemStatus = z.infer<typeof itemStatusSchema>;
export type ItemGrade = z.infer<typeof itemGradeSchema>;
export type SkillScore = z.infer<typeof skillScoreSchema>;
export type GradedResult = z.infer<typeof gradedResultSchema>;
