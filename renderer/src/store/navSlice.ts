import type { AttemptView } from '../../../shared/attemptView.js';
import { allItems } from '../../../shared/exam/examSchema.js';
import { examForForm } from '../lib/candidateForm.js';
import { isString, isStringArray, storageKeys } from './persist.js';
import type { Slice, StoreDeps } from './storeTypes.js';

export type ShellView = 'question' | 'review';

export interface NavSlice {
  currentItemId: string | null;
  /** Items the candidate has opened (kept per attempt in localStorage). */
  visited: string[];
  view: ShellView;
  helpOpen: boolean;
  goTo(itemId: string): void;
  markVisited(itemId: string): void;
  goNext(): void;
  goPrev(): void;
  openReview(): void;
  setHelpOpen(open: boolean): void;
  /** Restores the current and visited items of an attempt after a reload. */
  restoreNav(attempt: AttemptView): void;
}

export const createNavSlice =
  ({ persist }: StoreDeps): Slice<NavSlice> =>
  (set, get) => {
    const order = () => {
      const exam = get().exam;
      return exam ? allItems(examForForm(exam, get().attempt?.attemptId)).map(({ item }) => item.id) : [];
    };
    const move = (delta: number) => {
      const ids = order();
      const current = get().currentItemId;
      const index = current ? ids.indexOf(current) : -1;
      if (get().view === 'review') {
        // From the review page, Previous returns to the last question; Next has nowhere to go.
        if (delta < 0 && ids.length > 0) get().goTo(current ?? (ids.at(-1) as string));
        return;
      }
      const next = ids[index + delta];
      if (next) get().goTo(next);
      else if (delta > 0 && index === ids.length - 1) get().openReview();
    };
    return {
      currentItemId: null,
      visited: [],
      view: 'question',
      helpOpen: false,
      goTo(itemId) {
        if (!order().includes(itemId)) return;
        const attemptId = get().attempt?.attemptId;
        const visited = get().visited.includes(itemId) ? get().visited : [...get().visited, itemId];
        set({ currentItemId: itemId, visited, view: 'question' });
        if (attemptId) {
          persist.write(storageKeys.current(attemptId), itemId);
          persist.write(storageKeys.visited(attemptId), visited);
        }
      },
      markVisited(itemId) {
        if (get().visited.includes(itemId)) return;
        const visited = [...get().visited, itemId];
        set({ visited });
        const attemptId = get().attempt?.attemptId;
        if (attemptId) persist.write(storageKeys.visited(attemptId), visited);
      },
      goNext: () => move(1),
      goPrev: () => move(-1),
      openReview() {
        set({ view: 'review' });
      },
      setHelpOpen(open) {
        set({ helpOpen: open });
      },
      restoreNav(attempt) {
        const ids = order();
        const saved = persist.read(storageKeys.current(attempt.attemptId), isString);
        const current = saved && ids.includes(saved) ? saved : (ids[0] ?? null);
        const visitedSaved = persist.read(storageKeys.visited(attempt.attemptId), isStringArray) ?? [];
        const visited = [...new Set([...visitedSaved.filter((id) => ids.includes(id)), ...(current && attempt.state === 'in-progress' ? [current] : [])])];
        set({ currentItemId: current, visited, view: 'question' });
      },
    };
  };
