import type { Item, ItemType } from '../../../shared/exam/examSchema.js';
import { isUnanswered } from '../../../shared/grading/answerSchema.js';

export const ITEM_TYPE_LABEL: Record<ItemType, string> = {
  'single-choice': 'Single choice',
  'multiple-choice': 'Multiple choice',
  'short-text': 'Short answer',
  numeric: 'Numeric answer',
  essay: 'Essay',
  sql: 'SQL query',
  coding: 'Coding task',
};

/** Whether an item counts as answered. Coding items are answered by their workspace: only the server knows. */
export function isAnswered(item: Pick<Item, 'type'>, value: unknown, savedByServer: boolean): boolean {
  if (item.type === 'coding') return savedByServer;
  return !isUnanswered(value);
}
