/**
 * A fixed-window request counter per key, for the routes called per token (heartbeats, events,
 * results, proctor API). @fastify/rate-limit does the per-IP routes; on the heartbeat path its
 * hooks and stores cost about a third of the hub's throughput (measured with the hub-ingest bench),
 * while this is one Map lookup. Windows reset all counts at once, so a client can at most double
 * its limit across a boundary.
 *
 * The map is bounded: once it holds `maxKeys` keys in a window, a new key is counted under the
 * client's IP instead, so a flood of made-up tokens cannot grow it without bound.
 */
export class TokenRateLimiter {
  private counts = new Map<string, number>();
  private windowStart: number;

  constructor(
    private readonly max: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {
    this.windowStart = now();
  }

  /** Counts a request; returns 0 when allowed, else the ms until the window resets. */
  hit(key: string, ip: string): number {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      this.counts.clear();
      this.windowStart = t;
    }
    // One lookup for a key already counted (every request after a client's first in a window).
    const seen = this.counts.get(key);
    const k = seen !== undefined || this.counts.size < this.maxKeys ? key : `ip:${ip}`;
    const n = (k === key ? (seen ?? 0) : (this.counts.get(k) ?? 0)) + 1;
    this.counts.set(k, n);
    return n <= this.max ? 0 : Math.max(1, this.windowStart + this.windowMs - t);
  }
}
