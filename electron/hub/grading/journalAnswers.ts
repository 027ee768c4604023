import { canonicalJson } from '../../../shared/canonicalJson.js';
import { allItems, type Exam } from '../../../shared/exam/examSchema.js';
import { answerDataSchema, type JournalEntry } from '../../../shared/journal.js';
import type { Result } from '../../../shared/result.js';

/** Where a result's answers first part from its journal's. */
export interface AnswerMismatch {
  itemId: string;
  message: string;
}

/**
 * The answers a journal proves, as the candidate's app folds them (electron/core/store/foldJournal.ts
 * and sealAttempt's savedAnswersOf): the last `answer` entry per item, a null value clearing it.
 */
export function replayAnswers(entries: readonly JournalEntry[]): Map<string, unknown> {
  const answers = new Map<string, unknown>();
  for (const entry of entries) {
    if (entry.type !== 'answer') continue;
    const data = answerDataSchema.safeParse(entry.data);
    // A malformed answer entry answers nothing; the candidate's app refuses to fold one too.
    if (!data.success) continue;
    if (data.data.value === null) answers.delete(data.data.itemId);
    else answers.set(data.data.itemId, data.data.value);
  }
  return answers;
}

/**
 * The first item (in item-id order) whose answer in the result is not the one the journal
 * replays, or null when they agree. Coding items are answered by workspaces, not journal
 * answers, so they are left out on both sides.
 */
export function answersMismatch(exam: Exam, result: Result, entries: readonly JournalEntry[]): AnswerMismatch | null {
  const coding = new Set(allItems(exam).filter(({ item }) => item.type === 'coding').map(({ item }) => item.id));
  const replayed = replayAnswers(entries);
  const claimed = new Map(Object.entries(result.answers));
  const ids = [...new Set([...replayed.keys(), ...claimed.keys()])].filter((id) => !coding.has(id)).sort();
  for (const itemId of ids) {
    const inJournal = replayed.has(itemId);
    const inResult = claimed.has(itemId);
    if (!inJournal) return { itemId, message: `the result answers ${itemId}; the journal has no answer for it` };
    if (!inResult) return { itemId, message: `the journal answers ${itemId}; the result does not` };
    if (canonicalJson(replayed.get(itemId)) !== canonicalJson(claimed.get(itemId))) {
      return { itemId, message: `the result's answer to ${itemId} is not the one its journal holds` };
    }
  }
  return null;
}
