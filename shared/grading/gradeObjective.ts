import type { Item, ItemOf } from '../exam/examSchema.js';
import { parseAnswer } from './answerSchema.js';
import { gradeMultipleChoice, gradeSingleChoice } from './gradeChoice.js';
import { gradeNumeric } from './gradeNumeric.js';
import { gradeShortText } from './gradeShortText.js';
import { errorGrade, incorrectGrade, pendingManualGrade, unansweredGrade, withExplanation } from './grades.js';
import { checkKeyEntry } from './keyEntry.js';
import type { ItemGrade } from './resultSchema.js';

/** Items graded without running anything: pure, usable on the hub, in core or in the renderer. */
export type ObjectiveItem = ItemOf<'single-choice' | 'multiple-choice' | 'short-text' | 'numeric' | 'essay'>;

export const OBJECTIVE_TYPES: ReadonlySet<Item['type']> = new Set(['single-choice', 'multiple-choice', 'short-text', 'numeric', 'essay']);

export function isObjectiveItem(item: Item): item is ObjectiveItem {
  return OBJECTIVE_TYPES.has(item.type);
}

/**
 * Grades one item from its key entry and the candidate's answer. Never throws: a wrong answer
 * shape is `incorrect` with feedback, a key that does not fit the item is `error`. Essays wait for a
 * person (`pending-manual`, 0) unless unanswered. The key's explanation is carried along.
 */
export function gradeObjective(item: ObjectiveItem, keyEntry: unknown, answer: unknown): ItemGrade {
  return withExplanation(gradeWithoutExplanation(item, keyEntry, answer), explanationOf(keyEntry));
}

function explanationOf(keyEntry: unknown): { explanation?: string } | undefined {
  if (typeof keyEntry !== 'object' || keyEntry === null || !('explanation' in keyEntry)) return undefined;
  return typeof keyEntry.explanation === 'string' ? { explanation: keyEntry.explanation } : undefined;
}

function gradeWithoutExplanation(item: ObjectiveItem, keyEntry: unknown, answer: unknown): ItemGrade {
  switch (item.type) {
    case 'single-choice': {
      const k = checkKeyEntry(item.type, keyEntry);
      return k.ok ? gradeSingleChoice(item, k.key, answer) : errorGrade(item.points, k.feedback);
    }
    case 'multiple-choice': {
      const k = checkKeyEntry(item.type, keyEntry);
      return k.ok ? gradeMultipleChoice(item, k.key, answer) : errorGrade(item.points, k.feedback);
    }
    case 'short-text': {
      const k = checkKeyEntry(item.type, keyEntry);
      return k.ok ? gradeShortText(item, k.key, answer) : errorGrade(item.points, k.feedback);
    }
    case 'numeric': {
      const k = checkKeyEntry(item.type, keyEntry);
      return k.ok ? gradeNumeric(item, k.key, answer) : errorGrade(item.points, k.feedback);
    }
    case 'essay': {
      const k = checkKeyEntry(item.type, keyEntry);
      if (!k.ok) return errorGrade(item.points, k.feedback);
      const parsed = parseAnswer('essay', answer);
      if (parsed.kind === 'unanswered') return unansweredGrade(item.points);
      if (parsed.kind === 'invalid') return incorrectGrade(item.points, parsed.feedback);
      return pendingManualGrade(item.points);
    }
    default: {
      // Reachable only through an unchecked cast: report it as data, as every grader does.
      const other = item as Item;
      return errorGrade(other.points, `${other.type} items are not graded objectively`);
    }
  }
}
