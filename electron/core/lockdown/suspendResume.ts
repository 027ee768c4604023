import { formatDuration, violation, type LockdownViolation } from './violation.js';

export interface SuspendState {
  /** Wall-clock ms when the machine went to sleep; null while awake. */
  suspendedAt: number | null;
}

export type PowerEvent = { type: 'suspend'; wallAt: number } | { type: 'resume'; wallAt: number };

export const INITIAL_SUSPEND_STATE: SuspendState = { suspendedAt: null };

/**
 * Sleep and wake (Electron's powerMonitor). The wall clock measures the sleep, since the monotonic
 * clock stands still while suspended on Linux and macOS. Reported on resume, with the duration.
 */
export function suspendStep(state: SuspendState, event: PowerEvent): { state: SuspendState; violation: LockdownViolation | null } {
  if (event.type === 'suspend') return { state: { suspendedAt: state.suspendedAt ?? event.wallAt }, violation: null };
  if (state.suspendedAt === null) {
    return { state, violation: violation('suspend-resume', 'warning', 'The computer woke from sleep (when it went to sleep was not seen).', { durationMs: null }) };
  }
  const durationMs = Math.max(0, Math.round(event.wallAt - state.suspendedAt));
  return {
    state: { suspendedAt: null },
    violation: violation('suspend-resume', 'warning', `The computer slept for ${formatDuration(durationMs)} during the exam.`, { durationMs, suspendedAt: new Date(state.suspendedAt).toISOString() }),
  };
}
