import { useCallback } from 'react';
import type { ExamView } from '../../../shared/contract.js';
import type { ItemStatus } from '../components/Navigator.js';
import { isAnswered } from '../lib/itemMeta.js';
import { answerValue } from '../store/answersSlice.js';
import type { AppState } from '../store/appStore.js';
import { useApp } from '../store/StoreProvider.js';

/** Item states for the navigator and the review page; recomputed when answers, flags or visits change. */
export function statusOf(state: AppState, exam: ExamView, itemId: string): ItemStatus {
  const item = exam.sections.flatMap((s) => s.items).find((i) => i.id === itemId);
  const answered = item ? isAnswered(item, answerValue(state, itemId), Boolean(state.attempt?.answers[itemId])) : false;
  return { answered, flagged: state.attempt?.flags.includes(itemId) ?? false, visited: state.visited.includes(itemId) };
}

export function useItemStatus(exam: ExamView): (itemId: string) => ItemStatus {
  const drafts = useApp((s) => s.drafts);
  const attempt = useApp((s) => s.attempt);
  const visited = useApp((s) => s.visited);
  return useCallback(
    (itemId: string) => statusOf({ drafts, attempt, visited } as AppState, exam, itemId),
    [drafts, attempt, visited, exam],
  );
}
