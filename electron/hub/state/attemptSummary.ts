import type { GradedResult } from '../../../shared/grading/resultSchema.js';
import { ONLINE_WINDOW_MS } from '../../../shared/hub/limits.js';
import type { AttemptSummary } from '../../../shared/hub/proctor.js';
import type { AttemptState } from '../../../shared/lifecycle.js';
import type { LiveEntry } from '../live/liveBoard.js';
import type { StoredAttempt } from '../store/hubStore.js';

/**
 * One attempt as the dashboard lists it. The state is the latest heartbeat's, else the journal's;
 * once the hub holds the result the attempt is at least `sealed` (the candidate may not have said
 * so yet), and `synced` when the candidate reports it.
 */
export function summarizeAttempt(a: StoredAttempt, liveEntry: LiveEntry | undefined, opts: { totalItems: number; nowMs: number; graded: GradedResult | null }): AttemptSummary {
  const e = a.enrollment;
  const live = liveEntry?.live ?? null;
  // The heartbeat's state, unless the hub holds journal entries written after that heartbeat (a
  // lock carried out and shipped before the next heartbeat): then the journal's is newer.
  const journalNewer = a.journalState !== null && (live === null || a.lastSeq > live.journalSeq);
  let state: AttemptState = (journalNewer ? a.journalState : live?.state) ?? a.journalState ?? 'checked-in';
  if (a.result && state !== 'synced') state = 'sealed';
  const graded = opts.graded;
  const lastHeartbeatMs = liveEntry?.lastHeartbeatMs ?? null;
  return {
    attemptId: e.attemptId,
    candidate: { id: e.candidateId, name: e.candidateName },
    deviceInfo: e.deviceInfo,
    enrolledAt: e.enrolledAt,
    state,
    online: lastHeartbeatMs !== null && opts.nowMs - lastHeartbeatMs <= ONLINE_WINDOW_MS,
    live: (liveEntry?.liveSockets ?? 0) > 0,
    progress: { answered: live?.answered ?? 0, total: opts.totalItems },
    remainingMs: live?.remainingMs ?? null,
    lastHeartbeatAt: live?.at ?? null,
    lastSavedAt: live?.lastSavedAt ?? null,
    journalSeq: a.lastSeq,
    violations: { ...a.violations },
    pendingCommands: a.pendingCommands.length,
    result: a.result
      ? { submittedAt: a.result.submittedAt, submitReason: a.result.submitReason, receivedAt: a.result.receivedAt, resultSha256: a.result.resultSha256 }
      : null,
    reenrollRequest: a.reenrollRequest,
    reenrollAllowedUntil: a.reenrollAllowedUntil,
    grading: {
      status: a.gradingStatus,
      score: graded?.score ?? null,
      maxScore: graded?.maxScore ?? null,
      pendingManual: graded?.pendingManual.length ?? 0,
      error: a.gradingStatus === 'error' || a.gradingStatus === 'refused' ? a.gradingError : null,
    },
  };
}
