import { VigilError } from '../../../shared/errors.js';
import type { Item } from '../../../shared/exam/examSchema.js';
import { answerValueSchemas } from '../../../shared/grading/answerSchema.js';

/** Refuses a saved answer that does not fit its item: wrong shape, unknown options, too long a text. */
export function checkAnswerShape(item: Item, value: unknown): void {
  const parsed = answerValueSchemas[item.type].safeParse(value);
  if (!parsed.success) {
    throw new VigilError('invalid-params', `params.value: not a valid answer for ${item.type} item ${item.id}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  if (item.type === 'single-choice' || item.type === 'multiple-choice') {
    const ids = new Set(item.options.map((o) => o.id));
    const picked = Array.isArray(value) ? (value as string[]) : [value as string];
    const unknown = picked.filter((id) => !ids.has(id));
    if (unknown.length > 0) throw new VigilError('invalid-params', `params.value: ${unknown.join(', ')} is not an option of ${item.id}`);
  }
  if (item.type === 'short-text' && item.maxLength !== undefined && (value as string).length > item.maxLength) {
    throw new VigilError('invalid-params', `params.value: ${item.id} takes at most ${item.maxLength} characters`);
  }
}
