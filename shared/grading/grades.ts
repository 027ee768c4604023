import type { ItemGrade } from './resultSchema.js';

/** Scores keep 4 decimals: enough for any split of points, and sums stop showing 0.30000000000000004. */
export const SCORE_DECIMALS = 4;
const SCALE = 10 ** SCORE_DECIMALS;

export function roundScore(n: number): number {
  const rounded = Math.round(n * SCALE) / SCALE;
  // Normalise -0 so JSON and equality checks never see it.
  return rounded === 0 ? 0 : rounded;
}

/**
 * A grade worth `fraction` of `max` (clamped to [0, 1], so a score is never negative). Full marks
 * keep `max` exactly; otherwise the score is rounded and the status follows the score.
 */
export function gradeByFraction(max: number, fraction: number, feedback?: string): ItemGrade {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const score = f >= 1 ? max : Math.min(max, roundScore(max * f));
  const status = f >= 1 ? 'correct' : score > 0 ? 'partial' : 'incorrect';
  return feedback === undefined ? { score, max, status } : { score, max, status, feedback };
}

export function incorrectGrade(max: number, feedback?: string): ItemGrade {
  return gradeByFraction(max, 0, feedback);
}

export function unansweredGrade(max: number): ItemGrade {
  return { score: 0, max, status: 'unanswered' };
}

export function pendingManualGrade(max: number): ItemGrade {
  return { score: 0, max, status: 'pending-manual', feedback: 'awaiting grading by a person against the rubric' };
}

/** A question-level error (DESIGN 7): the item is flagged for the author and scores nobody. */
export function errorGrade(max: number, feedback: string): ItemGrade {
  return { score: 0, max, status: 'error', feedback };
}

/** Adds the key's explanation (shown in practice results) when the key entry has one. */
export function withExplanation(grade: ItemGrade, keyEntry: { explanation?: string | undefined } | undefined): ItemGrade {
  const explanation = keyEntry?.explanation;
  return explanation === undefined ? grade : { ...grade, explanation };
}
