/**
 * Exponential backoff with full jitter (the AWS architecture blog's "Full Jitter"): the n-th retry
 * (n from 0) waits a uniformly random time in [0, min(cap, base * 2^n)). Spreading retries over the
 * whole window stops a room of laptops from hammering a hub that just came back, all at once.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/** Uploads and journal shipping. */
export const UPLOAD_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };
/** Heartbeats and reconnects while offline: capped low so a hub that is back is found quickly. */
export const HEARTBEAT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 5000 };

export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  // 2^31 would overflow nothing in JS, but Math.min keeps the ceiling exact for any attempt count.
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
}

export function fullJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}
