import type { ItemOf } from '../exam/examSchema.js';
import type { KeyEntryFor } from '../exam/keySchema.js';
import { parseAnswer } from './answerSchema.js';
import { gradeByFraction, incorrectGrade, unansweredGrade } from './grades.js';
import type { ItemGrade } from './resultSchema.js';

/**
 * Binary floating point makes |0.4 - 0.3| slightly above 0.1; this allowance (relative to the
 * key's value) keeps an answer exactly on the tolerance boundary correct.
 */
export const NUMERIC_ROUNDING_ALLOWANCE = 1e-9;

/** Correct when |answer - value| <= tolerance (absolute), boundary included. */
export function gradeNumeric(item: ItemOf<'numeric'>, key: KeyEntryFor<'numeric'>, answer: unknown): ItemGrade {
  const parsed = parseAnswer('numeric', answer);
  if (parsed.kind === 'unanswered') return unansweredGrade(item.points);
  if (parsed.kind === 'invalid') return incorrectGrade(item.points, parsed.feedback);
  const allowance = NUMERIC_ROUNDING_ALLOWANCE * Math.max(1, Math.abs(key.value));
  return gradeByFraction(item.points, Math.abs(parsed.value - key.value) <= key.tolerance + allowance ? 1 : 0);
}
