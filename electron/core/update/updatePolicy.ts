import type { AttemptState } from '../../../shared/lifecycle.js';

/**
 * When the app may touch its own installation (DESIGN 9: updates never download or install while
 * an attempt is in progress). Pure: the inputs are what the attempt service knows.
 *
 * - From check-in to submit (`checked-in` … `submitted`) nothing happens: no check, no download,
 *   no install. A check is a network request the proctor did not ask for, a download competes with
 *   journal uploads, and an install would restart the app under the candidate.
 * - `sealed`: the exam is over for the candidate, so checking and downloading are fine; a proctored
 *   attempt still blocks installing until the hub's receipt is stored (`synced`), because an
 *   installer that replaced the app before the upload could strand the only copy of the result on
 *   a machine whose app no longer starts. A practice attempt ends at `sealed` and installs on quit.
 * - No attempt, or `synced`: everything is allowed.
 */
export interface UpdateActivity {
  /** The attempt on this machine (the newest), or null when there is none. */
  attempt: { state: AttemptState; mode: 'proctored' | 'practice' } | null;
}

export type UpdateAction = 'check' | 'download' | 'install';

export type UpdateGate = { allowed: true } | { allowed: false; reason: string };

const IN_PROGRESS: ReadonlySet<AttemptState> = new Set(['checked-in', 'preflight', 'ready', 'in-progress', 'paused', 'locked', 'submitted']);

export const IDLE: UpdateActivity = Object.freeze({ attempt: null });

/** Whether `action` may happen now. */
export function updateGate(action: UpdateAction, activity: UpdateActivity): UpdateGate {
  const attempt = activity.attempt;
  if (attempt === null) return { allowed: true };
  if (IN_PROGRESS.has(attempt.state)) return { allowed: false, reason: `an attempt is ${attempt.state}` };
  if (action === 'install' && attempt.state === 'sealed' && attempt.mode === 'proctored') {
    return { allowed: false, reason: 'the sealed result has not reached the hub yet' };
  }
  return { allowed: true };
}

/** True when an attempt is between check-in and submit: the app must leave the network and disk to it. */
export function attemptInProgress(activity: UpdateActivity): boolean {
  return activity.attempt !== null && IN_PROGRESS.has(activity.attempt.state);
}
