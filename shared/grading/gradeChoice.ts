import type { ItemOf } from '../exam/examSchema.js';
import type { KeyEntryFor } from '../exam/keySchema.js';
import { parseAnswer } from './answerSchema.js';
import { gradeByFraction, incorrectGrade, unansweredGrade } from './grades.js';
import type { ItemGrade } from './resultSchema.js';

function unknownOptions(item: { options: Array<{ id: string }> }, ids: string[]): string[] {
  const known = new Set(item.options.map((o) => o.id));
  return ids.filter((id) => !known.has(id));
}

export function gradeSingleChoice(item: ItemOf<'single-choice'>, key: KeyEntryFor<'single-choice'>, answer: unknown): ItemGrade {
  const parsed = parseAnswer('single-choice', answer);
  if (parsed.kind === 'unanswered') return unansweredGrade(item.points);
  if (parsed.kind === 'invalid') return incorrectGrade(item.points, parsed.feedback);
  if (unknownOptions(item, [parsed.value]).length > 0) return incorrectGrade(item.points, `invalid answer: "${parsed.value}" is not an option of this question`);
  return gradeByFraction(item.points, parsed.value === key.answer ? 1 : 0);
}

/**
 * partial: points * max(0, (right picked - wrong picked) / right total), so guessing everything
 * earns nothing. all-or-nothing: full points only for exactly the right set.
 */
export function gradeMultipleChoice(item: ItemOf<'multiple-choice'>, key: KeyEntryFor<'multiple-choice'>, answer: unknown): ItemGrade {
  const parsed = parseAnswer('multiple-choice', answer);
  if (parsed.kind === 'unanswered') return unansweredGrade(item.points);
  if (parsed.kind === 'invalid') return incorrectGrade(item.points, parsed.feedback);
  const picked = [...new Set(parsed.value)];
  const unknown = unknownOptions(item, picked);
  if (unknown.length > 0) return incorrectGrade(item.points, `invalid answer: ${unknown.map((id) => `"${id}"`).join(', ')} not options of this question`);
  const rightSet = new Set(key.answers);
  const right = picked.filter((id) => rightSet.has(id)).length;
  const wrong = picked.length - right;
  const total = rightSet.size;
  if (right === total && wrong === 0) return gradeByFraction(item.points, 1);
  const feedback = `${right} of ${total} right options chosen, ${wrong} wrong`;
  const fraction = key.scoring === 'all-or-nothing' ? 0 : (right - wrong) / total;
  return gradeByFraction(item.points, fraction, feedback);
}
