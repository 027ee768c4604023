import type { PreflightCheck } from '../../../shared/attemptView.js';

export type OverrideEvaluation =
  | { ok: true; /** Failed checks a proctor waived. */ overridden: string[] }
  | {
      ok: false;
      /** Failed checks no override can waive: the candidate needs another computer. */
      blocking: PreflightCheck[];
      /** Failed overridable checks the given overrides do not cover. */
      needsOverride: PreflightCheck[];
    };

/**
 * Whether the candidate may go on given the proctor's overrides (check ids from a verified override
 * code; verifying the code is the hub's job). Warnings never need one; a failed check needs its id
 * among `overrideIds` and to be overridable.
 */
export function evaluatePreflightOverride(checks: readonly PreflightCheck[], overrideIds: readonly string[]): OverrideEvaluation {
  const granted = new Set(overrideIds);
  const failed = checks.filter((c) => c.status === 'fail');
  const blocking = failed.filter((c) => !c.overridable);
  const needsOverride = failed.filter((c) => c.overridable && !granted.has(c.id));
  if (blocking.length > 0 || needsOverride.length > 0) return { ok: false, blocking, needsOverride };
  return { ok: true, overridden: failed.map((c) => c.id) };
}
