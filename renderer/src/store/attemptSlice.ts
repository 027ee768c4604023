import type { Params } from '../../../shared/contract.js';
import type { AttemptView, PreflightCheck, ResultView, SqlRunResult } from '../../../shared/attemptView.js';
import { isFinished } from '../../../shared/lifecycle.js';
import { defaultTimers } from './saveQueue.js';
import { failure, type ActionOutcome, type Slice, type StoreDeps } from './storeTypes.js';

export interface PreflightState {
  checks: PreflightCheck[] | null;
  loading: boolean;
  error: string | null;
}

export interface AttemptSlice {
  /** The engine's view of this machine's attempt; null before check-in. */
  attempt: AttemptView | null;
  /** getAttempt has answered (or failed) at least once. */
  attemptLoaded: boolean;
  attemptError: string | null;
  preflight: PreflightState;
  result: ResultView | null;
  resultError: string | null;
  flagError: string | null;
  loadAttempt(): Promise<void>;
  /** Takes a fresh view from a reply or an `attemptChanged` event. */
  applyAttempt(view: AttemptView): void;
  checkIn(params: Params<'checkIn'>): Promise<ActionOutcome>;
  loadPreflight(): Promise<void>;
  completePreflight(overrideCode?: string): Promise<ActionOutcome>;
  startAttempt(): Promise<ActionOutcome>;
  /** Saves everything pending, then submits. Without `force` it refuses while answers are unsaved. */
  submit(options?: { force?: boolean }): Promise<ActionOutcome>;
  toggleFlag(itemId: string): Promise<void>;
  loadResult(): Promise<void>;
  runSql(itemId: string, query: string): Promise<SqlRunResult>;
}

const RESULT_RETRY_MS = 1_000;

export const createAttemptSlice =
  ({ api, timers }: StoreDeps): Slice<AttemptSlice> =>
  (set, get) => {
    const clock = timers ?? defaultTimers;
    let resultTimer: unknown = null;

    async function call(run: () => Promise<AttemptView>): Promise<ActionOutcome> {
      try {
        get().applyAttempt(await run());
        return { ok: true };
      } catch (error) {
        return failure(error);
      }
    }

    return {
      attempt: null,
      attemptLoaded: false,
      attemptError: null,
      preflight: { checks: null, loading: false, error: null },
      result: null,
      resultError: null,
      flagError: null,

      async loadAttempt() {
        try {
          const view = await api.getAttempt({});
          if (view) get().applyAttempt(view);
          set({ attemptLoaded: true, attemptError: null });
        } catch (error) {
          set({ attemptLoaded: true, attemptError: failure(error).message });
        }
      },

      applyAttempt(view) {
        const previous = get().attempt;
        set({ attempt: view });
        get().setTimer(view.timer);
        if (previous?.attemptId !== view.attemptId) {
          get().restoreNav(view);
          get().noteSavedAnswers(view.answers);
          get().syncTimeUpSeen();
        }
        if (isFinished(view.state)) {
          get().stopSaving();
          get().stopFileSaves();
        }
        if (isFinished(view.state) && !(previous && isFinished(previous.state))) get().clearNotices();
        if (isFinished(view.state) && (previous?.state !== view.state || previous.sync.status !== view.sync.status || previous.grading?.status !== view.grading?.status || !get().result)) {
          void get().loadResult();
        }
      },

      checkIn: (params) => call(() => api.checkIn(params)),

      async loadPreflight() {
        set({ preflight: { ...get().preflight, loading: true, error: null } });
        try {
          const { checks } = await api.getPreflight({});
          set({ preflight: { checks, loading: false, error: null } });
        } catch (error) {
          set({ preflight: { ...get().preflight, loading: false, error: failure(error).message } });
        }
      },

      completePreflight: (overrideCode) => call(() => api.completePreflight(overrideCode ? { overrideCode } : {})),

      startAttempt: () => call(() => api.startAttempt({})),

      async submit(options) {
        // Editor buffers are part of the answer: they are saved first, like answers.
        const [answersSaved, filesSaved] = await Promise.all([get().flushSaves(), get().flushFiles()]);
        const saved = answersSaved && filesSaved && get().fileConflicts.length === 0;
        if (!saved && !options?.force) {
          const count = get().save.unsaved.length + get().fileSave.unsaved.length + get().fileConflicts.length;
          return {
            ok: false,
            code: 'unsaved',
            message: `${count} answer${count === 1 ? ' or file is' : 's or files are'} not saved yet (${get().save.error ?? get().fileSave.error ?? (get().fileConflicts.length > 0 ? 'a file changed on disk while you edited it' : 'saving failed')}). Retry, or submit without ${count === 1 ? 'it' : 'them'}.`,
          };
        }
        return call(() => api.submitAttempt({}));
      },

      async toggleFlag(itemId) {
        const attempt = get().attempt;
        if (!attempt) return;
        const flagged = !attempt.flags.includes(itemId);
        const withFlag = (flags: string[]) => (flagged ? [...flags.filter((f) => f !== itemId), itemId] : flags.filter((f) => f !== itemId));
        // Optimistic: the navigator updates at once; the engine's reply or error settles it.
        set({ attempt: { ...attempt, flags: withFlag(attempt.flags) }, flagError: null });
        try {
          await api.setFlag({ itemId, flagged });
        } catch (error) {
          const current = get().attempt;
          if (current) set({ attempt: { ...current, flags: flagged ? current.flags.filter((f) => f !== itemId) : [...current.flags, itemId] } });
          set({ flagError: `Could not ${flagged ? 'flag' : 'unflag'} this question: ${failure(error).message}` });
        }
      },

      async loadResult() {
        if (resultTimer !== null) clock.clearTimeout(resultTimer);
        resultTimer = null;
        try {
          const result = await api.getResult({});
          set({ result, resultError: null });
        } catch (error) {
          const outcome = failure(error);
          set({ resultError: outcome.message });
          // Right after submit the result may still be sealing: ask again shortly.
          if (outcome.code === 'invalid-state' || outcome.code === 'unavailable') {
            resultTimer = clock.setTimeout(() => void get().loadResult(), RESULT_RETRY_MS);
          }
        }
      },

      async runSql(itemId, query) {
        try {
          return await api.runSql({ itemId, query });
        } catch (error) {
          return { ok: false, error: failure(error).message };
        }
      },
    };
  };
