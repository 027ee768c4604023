import type { AttemptDocument } from '../../../shared/attempt.js';
import type { JournalEntry } from '../../../shared/journal.js';
import type { Policy } from '../../../shared/exam/policy.js';
import type { ViolationData } from '../../../shared/journal.js';

/**
 * What a restart of a live attempt adds to an active clock (issue 15, point 6). The timer
 * checkpoints every 5 s, but the attempt kept running until the journal's last entry: that span
 * (on the journal's own monotonic timeline, so a wall-clock change cannot shape it) is counted
 * when the checkpoint was taken in progress. Time with the app closed (last entry to now, on the
 * wall clock, never negative) counts only when the exam's policy says `closedAppTime: "counts"`.
 * A deadline clock already counts the whole closed span from its checkpoint, so nothing is added.
 */
export function restartCredit(
  checkpoint: NonNullable<AttemptDocument['timer']>,
  last: JournalEntry,
  nowWall: number,
  policy: Pick<Policy, 'closedAppTime'>,
): { elapsedMs: number; closedMs: number; violation: ViolationData } {
  const data = checkpoint.data as { clock?: string; state?: string; elapsedMs?: number };
  const closedMs = Math.max(0, nowWall - Date.parse(last.at));
  const runningAtCheckpoint = data.clock === 'active' && data.state === 'in-progress';
  const sinceCheckpoint = runningAtCheckpoint ? Math.max(0, last.mono - checkpoint.mono) : 0;
  const counted = runningAtCheckpoint && policy.closedAppTime === 'counts' ? closedMs : 0;
  const elapsedMs = (data.elapsedMs ?? 0) + sinceCheckpoint + counted;
  const violation: ViolationData = {
    kind: 'app-restarted',
    severity: 'warning',
    detail: `the app restarted after ${Math.round(closedMs / 1000)} s closed (last journal entry seq ${last.seq} at ${last.at}); ${Math.round(sinceCheckpoint)} ms after the last checkpoint counted${counted > 0 ? `, and the closed time counted by policy` : ''}`,
    closedMs,
  };
  return { elapsedMs, closedMs, violation };
}
