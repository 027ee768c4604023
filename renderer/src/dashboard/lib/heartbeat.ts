import { ONLINE_WINDOW_MS } from '../../../../shared/hub/limits.js';
import { isFinished, type AttemptState } from '../../../../shared/lifecycle.js';

/**
 * How long ago a candidate's laptop was last heard from, as the grid shows it. Heartbeats come once
 * a second, so a few missing ones already mean something: amber from 5 s (a hiccup), orange from
 * 10 s (probably offline), red from 15 s (go and look). Each level has its own icon and word, so
 * the grid never relies on colour alone.
 */
export const HEARTBEAT_LATE_MS = 5_000;
export const HEARTBEAT_STALE_MS = 10_000;
export const HEARTBEAT_LOST_MS = 15_000;

/** `ok` < 5 s <= `late` < 10 s <= `stale` < 15 s <= `lost`; `none` before the first heartbeat; `done` once submitted. */
export type HeartbeatLevel = 'ok' | 'late' | 'stale' | 'lost' | 'none' | 'done';

export function heartbeatLevel(ageMs: number | null, state?: AttemptState): HeartbeatLevel {
  // A submitted attempt stops sending heartbeats: silence is expected, not an alarm.
  if (state !== undefined && isFinished(state)) return 'done';
  if (ageMs === null) return 'none';
  if (ageMs >= HEARTBEAT_LOST_MS) return 'lost';
  if (ageMs >= HEARTBEAT_STALE_MS) return 'stale';
  if (ageMs >= HEARTBEAT_LATE_MS) return 'late';
  return 'ok';
}

/** The icon and word that go with each level (the colour comes from the `hb--<level>` class). */
export const HEARTBEAT_LABELS: Readonly<Record<HeartbeatLevel, { icon: string; word: string }>> = {
  ok: { icon: '●', word: 'OK' },
  late: { icon: '◔', word: 'Late' },
  stale: { icon: '◑', word: 'Missing' },
  lost: { icon: '✖', word: 'Lost' },
  none: { icon: '○', word: 'Not yet' },
  done: { icon: '✓', word: 'Finished' },
};

/**
 * When (on this browser's clock) the heartbeat named `lastHeartbeatAt` arrived at the hub. The hub
 * stamps heartbeats with its own clock, and the proctor's laptop may disagree with it by seconds or
 * minutes, so the hub's time is only trusted within what we observed ourselves:
 * - a heartbeat that changed since our previous update arrived between that update and now;
 * - on first sight, `online` says whether it is less than ONLINE_WINDOW_MS old (by the hub's clock).
 * Inside those bounds the hub's timestamp is used as is (exact when the clocks agree).
 */
export function heartbeatSeenAt(input: {
  lastHeartbeatAt: string | null;
  online: boolean;
  now: number;
  /** When the previous summary of this attempt arrived, if we had one. */
  previousUpdateAt: number | null;
}): number | null {
  const { lastHeartbeatAt, online, now, previousUpdateAt } = input;
  if (lastHeartbeatAt === null) return null;
  const stamped = Date.parse(lastHeartbeatAt);
  const hubTime = Number.isFinite(stamped) ? stamped : now;
  if (previousUpdateAt !== null) return clamp(hubTime, Math.min(previousUpdateAt, now), now);
  if (online) return clamp(hubTime, now - ONLINE_WINDOW_MS, now);
  return Math.min(hubTime, now - ONLINE_WINDOW_MS);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
