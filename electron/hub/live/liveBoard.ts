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

  get(attemptId: string): LiveEntry | undefined {
    return this.entries.get(attemptId);
  }

  entry(attemptId: string): LiveEntry {
    let e = this.entries.get(attemptId);
    if (!e) this.entries.set(attemptId, (e = { live: null, lastHeartbeatMs: null, liveSockets: 0 }));
    return e;
  }

  heard(attemptId: string, live: LiveStatus, atMs: number): void {
    const e = this.entry(attemptId);
    e.live = live;
    e.lastHeartbeatMs = atMs;
  }

  snapshot(): Record<string, LiveStatus> {
    const out: Record<string, LiveStatus> = {};
    for (const [id, e] of this.entries) if (e.live) out[id] = e.live;
    return out;
  }
}
