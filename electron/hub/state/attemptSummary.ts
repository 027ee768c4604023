import type { GradedResult } from '../../../shared/grading/resultSchema.js';
import { ONLINE_WINDOW_MS } from '../../../shared/hub/limits.js';
import type { AttemptSummary } from '../../../shared/hub/proctor.js';
import type { AttemptState } from '../../../shared/lifecycle.js';
import { pendingCommands, type HubAttempt } from './attemptRegistry.js';

/**
 * One attempt as the dashboard lists it. The state is the latest heartbeat's, else the journal's;
 * once the hub holds the result the attempt is at least `sealed` (the candidate may not have said
 * so yet), and `synced` when the candidate reports it.
 */
export function summarizeAttempt(a: HubAttempt, opts: { totalItems: number; nowMs: number; graded: GradedResult | null }): AttemptSummary {
  const e = a.enrollment;
  // The heartbeat's state, unless the hub holds journal entries written after that heartbeat (a
  // lock carried out and shipped before the next heartbeat): then the journal's is newer.
  const journalNewer = a.journalState !== null && (a.live === null || a.lastSeq > a.live.journalSeq);
  let state: AttemptState = (journalNewer ? a.journalState : a.live?.state) ?? a.journalState ?? 'checked-in';
  if (a.result && state !== 'synced') state = 'sealed';
  const graded = opts.graded;
  return {
    attemptId: e.attemptId,
    candidate: { id: e.candidateId, name: e.candidateName },
    deviceInfo: e.deviceInfo,
    enrolledAt: e.enrolledAt,
    state,
    online: a.lastHeartbeatMs !== null && opts.nowMs - a.lastHeartbeatMs <= ONLINE_WINDOW_MS,
    live: a.liveSockets > 0,
    progress: { answered: a.live?.answered ?? 0, total: opts.totalItems },
    remainingMs: a.live?.remainingMs ?? null,
    lastHeartbeatAt: a.live?.at ?? null,
    lastSavedAt: a.live?.lastSavedAt ?? null,
    journalSeq: a.lastSeq,
    violations: { ...a.violations },
    pendingCommands: pendingCommands(a).length,
    result: a.result
      ? { submittedAt: a.result.submittedAt, submitReason: a.result.submitReason, receivedAt: a.result.receivedAt, resultSha256: a.result.resultSha256 }
      : null,
    grading: {
      status: a.gradingStatus,
      score: graded?.score ?? null,
      maxScore: graded?.maxScore ?? null,
      pendingManual: graded?.pendingManual.length ?? 0,
      error: a.gradingStatus === 'error' ? a.gradingError : null,
    },
  };
}
