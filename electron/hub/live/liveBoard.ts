import type { LiveStatus } from '../store/hubStore.js';

/**
 * What this hub process knows live about each attempt: the last heartbeat's status, when it
 * arrived, and how many candidate live channels are open here. Not acknowledged data: it is kept
 * in memory, snapshotted to the store now and then, and (on PostgreSQL) shared between replicas by
 * notifications, never read back per request from the database.
 */
export interface LiveEntry {
  live: LiveStatus | null;
  /** Wall ms of the last heartbeat received (by this process or, relayed, by another replica). */
  lastHeartbeatMs: number | null;
  /** Open candidate live channels on this process. */
  liveSockets: number;
}

export class LiveBoard {
  private readonly entries = new Map<string, LiveEntry>();
  /** Heard here since the last snapshot (another replica's heartbeats are its own to save). */
  private readonly dirty = new Set<string>();

  get(attemptId: string): LiveEntry | undefined {
    return this.entries.get(attemptId);
  }

  entry(attemptId: string): LiveEntry {
    let e = this.entries.get(attemptId);
    if (!e) this.entries.set(attemptId, (e = { live: null, lastHeartbeatMs: null, liveSockets: 0 }));
    return e;
  }

  heard(attemptId: string, live: LiveStatus, atMs: number, relayed = false): void {
    const e = this.entry(attemptId);
    e.live = live;
    e.lastHeartbeatMs = atMs;
    if (!relayed) this.dirty.add(attemptId);
  }

  /** The statuses heard here since the last call, by attempt id (sorted: a stable lock order). */
  takeSnapshot(): Record<string, LiveStatus> {
    const out: Record<string, LiveStatus> = {};
    for (const id of [...this.dirty].sort()) {
      const live = this.entries.get(id)?.live;
      if (live) out[id] = live;
    }
    this.dirty.clear();
    return out;
  }
}
