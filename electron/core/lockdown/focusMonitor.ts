import { formatDuration, violation, type LockdownViolation } from './violation.js';

/** Policy `focusLoss`: report each loss, or also lock the attempt until a proctor unlocks it. */
export type FocusLossPolicy = 'report' | 'lock';

export interface FocusState {
  /** Monotonic ms at which the window lost focus; null while it has focus. */
  blurredAt: number | null;
}

export type FocusEvent = { type: 'blur'; at: number } | { type: 'focus'; at: number };

export interface FocusStep {
  state: FocusState;
  /** Lock the attempt now (policy `lock`, at the moment focus is lost). */
  lock: boolean;
  violation: LockdownViolation | null;
}

export const INITIAL_FOCUS_STATE: FocusState = { blurredAt: null };

/**
 * Focus loss (Alt+Tab, another app's window, a notification taking focus). The loss is reported when
 * focus comes back, with how long it lasted, because only then is the duration known; under the
 * `lock` policy the lock is decided at once, on blur. Repeated blurs keep the first time.
 */
export function focusStep(state: FocusState, event: FocusEvent, policy: FocusLossPolicy): FocusStep {
  if (event.type === 'blur') {
    if (state.blurredAt !== null) return { state, lock: false, violation: null };
    return { state: { blurredAt: event.at }, lock: policy === 'lock', violation: null };
  }
  if (state.blurredAt === null) return { state, lock: false, violation: null };
  return { state: { blurredAt: null }, lock: false, violation: focusLossViolation(event.at - state.blurredAt, policy, 'came back') };
}

/** A loss still open when the monitor stops (the app quits while another window has focus). */
export function pendingFocusLoss(state: FocusState, now: number, policy: FocusLossPolicy): LockdownViolation | null {
  return state.blurredAt === null ? null : focusLossViolation(now - state.blurredAt, policy, 'had not come back when monitoring stopped');
}

function focusLossViolation(durationMs: number, policy: FocusLossPolicy, ending: string): LockdownViolation {
  const ms = Math.max(0, Math.round(durationMs));
  const locked = policy === 'lock' ? ' The attempt was locked.' : '';
  return violation('focus-loss', policy === 'lock' ? 'critical' : 'warning', `The exam window lost focus for ${formatDuration(ms)} and ${ending}.${locked}`, { durationMs: ms });
}
