import type { TimerView } from '../../../shared/attemptView.js';
import type { Slice, StoreDeps } from './storeTypes.js';

export interface TimerSlice {
  timer: TimerView | null;
  /** Local epoch ms when `timer` arrived: the display counts down from there between pushes. */
  timerAt: number;
  /** The latest `timerWarning` (announced in a live region). */
  timerWarning: { minutesLeft: number; at: number } | null;
  setTimer(timer: TimerView): void;
  warnTimer(minutesLeft: number): void;
  dismissTimerWarning(): void;
}

/** Remaining ms at `now`, counting down locally while the engine says the clock runs. */
export function remainingAt(timer: TimerView, timerAt: number, now: number): number {
  return timer.running ? Math.max(0, timer.remainingMs - Math.max(0, now - timerAt)) : timer.remainingMs;
}

export const createTimerSlice =
  ({ now }: StoreDeps): Slice<TimerSlice> =>
  (set) => ({
    timer: null,
    timerAt: 0,
    timerWarning: null,
    setTimer(timer) {
      set({ timer, timerAt: now() });
    },
    warnTimer(minutesLeft) {
      set({ timerWarning: { minutesLeft, at: now() } });
    },
    dismissTimerWarning() {
      set({ timerWarning: null });
    },
  });
