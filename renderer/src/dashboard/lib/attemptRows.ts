import type { AttemptSummary } from '../../../../shared/hub/proctor.js';
import { heartbeatSeenAt } from './heartbeat.js';

/** One attempt in the grid: the hub's summary plus what this browser observed about it. */
export interface AttemptRow {
  summary: AttemptSummary;
  /** When this summary arrived (this browser's clock). */
  receivedAt: number;
  /** When its last heartbeat reached the hub, on this browser's clock (see heartbeatSeenAt). */
  heartbeatSeenAt: number | null;
}

export type AttemptRows = Readonly<Record<string, AttemptRow>>;

/**
 * Folds summaries into the rows. `replace` (a snapshot or a poll: the full list) drops attempts the
 * list no longer has; otherwise (a live push) only the named attempts change.
 */
export function mergeSummaries(rows: AttemptRows, incoming: readonly AttemptSummary[], now: number, replace: boolean): AttemptRows {
  const next: Record<string, AttemptRow> = replace ? {} : { ...rows };
  for (const summary of incoming) {
    const previous = rows[summary.attemptId];
    let seenAt: number | null;
    if (previous && previous.summary.lastHeartbeatAt === summary.lastHeartbeatAt) {
      seenAt = previous.heartbeatSeenAt;
    } else {
      seenAt = heartbeatSeenAt({
        lastHeartbeatAt: summary.lastHeartbeatAt,
        online: summary.online,
        now,
        previousUpdateAt: previous ? previous.receivedAt : null,
      });
    }
    next[summary.attemptId] = { summary, receivedAt: now, heartbeatSeenAt: seenAt };
  }
  return next;
}

/** Milliseconds since the last heartbeat, or null before the first. */
export function heartbeatAge(row: AttemptRow, now: number): number | null {
  return row.heartbeatSeenAt === null ? null : Math.max(0, now - row.heartbeatSeenAt);
}

/**
 * Time left now: the laptop's figure at its last heartbeat, counted down locally while the exam
 * clock runs (in progress); standing still while paused, locked or before the start.
 */
export function remainingNow(row: AttemptRow, now: number): number | null {
  const { remainingMs, state } = row.summary;
  if (remainingMs === null) return null;
  if (state !== 'in-progress' || row.heartbeatSeenAt === null) return remainingMs;
  return Math.max(0, remainingMs - Math.max(0, now - row.heartbeatSeenAt));
}
