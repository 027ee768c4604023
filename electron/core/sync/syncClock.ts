/**
 * Time as the sync client sees it: a wall clock (epoch ms, for server-time offsets), timers and a
 * random source (backoff jitter). Injected so tests drive retries and jitter without waiting.
 */
export interface SyncClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Uniform in [0, 1). */
  random(): number;
}

export const systemSyncClock: SyncClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Retry timers must not keep a finished process (a CLI, a test) alive.
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  random: () => Math.random(),
};
