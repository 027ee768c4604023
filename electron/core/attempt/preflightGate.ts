import type { PreflightCheck } from '../../../shared/attemptView.js';
import { VigilError } from '../../../shared/errors.js';
import type { ViolationData } from '../../../shared/journal.js';
import type { Exam } from '../../../shared/exam/examSchema.js';
import { evaluatePreflightOverride } from '../preflight/preflightOverride.js';

/** Leaving pre-flight: go on to `ready` with this reason, or refuse (journaling the violation first, if any). */
export type PreflightGate =
  | { ok: true; reason: string; failed: string[] }
  | { ok: false; error: VigilError; violation: ViolationData | null };

/** Decides whether the candidate may leave pre-flight with these check results and the proctor's overrides. */
export function judgePreflight(checks: readonly PreflightCheck[], overrides: readonly string[], mode: Exam['mode'], overrideCode: string | undefined): PreflightGate {
  const failed = checks.filter((c) => c.status === 'fail');
  const verdict = evaluatePreflightOverride(checks, overrides);
  if (!verdict.ok && verdict.blocking.length > 0) {
    return { ok: false, violation: null, error: new VigilError('invalid-state', `This computer cannot run the exam: ${verdict.blocking.map((c) => c.title).join(', ')}.`, { checks: verdict.blocking }) };
  }
  let reason = failed.length > 0 ? 'preflight-overridden' : 'preflight-passed';
  if (!verdict.ok) {
    if (mode === 'proctored') {
      return {
        ok: false,
        // The proctor sees which checks blocked the candidate (the dashboard pre-ticks them).
        violation: {
          kind: 'preflight-failed',
          severity: 'warning',
          detail: `Pre-flight needs a proctor's override: ${verdict.needsOverride.map((c) => c.title).join(', ')}.`,
          checks: verdict.needsOverride.map((c) => ({ id: c.id, status: c.status })),
        },
        // Overrides come from the proctor through the hub (override-preflight); a typed code alone proves nothing.
        error: new VigilError('forbidden', `A proctor must approve: ${verdict.needsOverride.map((c) => c.title).join(', ')}. Ask your proctor to override from the dashboard.${overrideCode ? ' The code you entered was not accepted.' : ''}`, {
          checks: verdict.needsOverride,
        }),
      };
    }
    // Practice mode has nothing at stake: soft failures are shown and the candidate goes on.
    reason = 'preflight-continued-in-practice';
  }
  return { ok: true, reason, failed: failed.map((c) => c.id) };
}
