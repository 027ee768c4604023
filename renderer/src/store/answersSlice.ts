import { createSaveQueue, type SaveSnapshot } from './saveQueue.js';
import type { Slice, StoreDeps } from './storeTypes.js';

export interface AnswersSlice {
  /** Edits not yet acknowledged as durable: they win over the engine's saved answers on screen. */
  drafts: Record<string, unknown>;
  /** What was typed into numeric answers, valid or not (only valid numbers are saved). */
  numericText: Record<string, string>;
  save: SaveSnapshot;
  editAnswer(itemId: string, value: unknown, options?: { immediate?: boolean }): void;
  setNumericText(itemId: string, text: string): void;
  retrySave(): void;
  flushSaves(): Promise<boolean>;
  /** The exam is over: nothing more is saved or retried. */
  stopSaving(): void;
  /** Seeds "Saved · … ago" from the engine's answers after a reload. */
  noteSavedAnswers(answers: Record<string, { savedAt: string }>): void;
}

/** The on-screen value of an item: the unsaved edit if there is one, else the engine's saved answer. */
export function answerValue(state: { drafts: Record<string, unknown>; attempt: { answers: Record<string, { value: unknown }> } | null }, itemId: string): unknown {
  if (Object.hasOwn(state.drafts, itemId)) return state.drafts[itemId];
  return state.attempt?.answers[itemId]?.value;
}

export const createAnswersSlice =
  ({ api, now, timers }: StoreDeps): Slice<AnswersSlice> =>
  (set, get) => {
    const queue = createSaveQueue({
      save: (itemId, value) => api.saveAnswer({ itemId, value: value as Parameters<typeof api.saveAnswer>[0]['value'] }),
      onChange: (save) => set({ save }),
      onSaved: (itemId, value, ack) => {
        const { drafts, attempt } = get();
        const next: Partial<{ drafts: Record<string, unknown>; attempt: typeof attempt }> = {};
        // A newer edit made while this one was in flight stays a draft.
        if (Object.hasOwn(drafts, itemId) && drafts[itemId] === value) {
          const rest = { ...drafts };
          delete rest[itemId];
          next.drafts = rest;
        }
        if (attempt) {
          const known = attempt.answers[itemId];
          if (!known || known.seq < ack.seq) next.attempt = { ...attempt, answers: { ...attempt.answers, [itemId]: { value, savedAt: ack.savedAt, seq: ack.seq } } };
        }
        set(next);
      },
      now,
      ...(timers ? { timers } : {}),
    });
    return {
      drafts: {},
      numericText: {},
      save: queue.snapshot(),
      editAnswer(itemId, value, options) {
        set({ drafts: { ...get().drafts, [itemId]: value } });
        queue.edit(itemId, value, options);
      },
      setNumericText(itemId, text) {
        set({ numericText: { ...get().numericText, [itemId]: text } });
      },
      retrySave: () => queue.retryNow(),
      flushSaves: () => queue.flush(),
      stopSaving: () => queue.dispose(),
      noteSavedAnswers(answers) {
        const times = Object.values(answers)
          .map((a) => Date.parse(a.savedAt))
          .filter((t) => Number.isFinite(t));
        if (times.length > 0) queue.noteSavedAt(Math.max(...times));
      },
    };
  };
