import { performance } from 'node:perf_hooks';

/**
 * The two clocks the attempt services read. Wall time says *when* (journal `at`, deadlines across
 * restarts); monotonic time says *how long* (elapsed exam time, clock-jump detection), because a
 * user or NTP can move the wall clock but not the monotonic one. Injected everywhere so tests can
 * step time instead of waiting for it.
 */
export interface Clock {
  /** Epoch milliseconds of the wall clock; may jump in either direction. */
  wallNow(): number;
  /** Milliseconds of a monotonic clock with an arbitrary origin; never goes back within a process. */
  monoNow(): number;
}

/**
 * The process clocks: Date.now and performance.now (libuv's monotonic clock). Note that the
 * monotonic clock does not advance while the machine is suspended on Linux and macOS, so a suspend
 * shows up as a forward wall-clock jump (see timer.ts).
 */
export function createSystemClock(): Clock {
  return {
    wallNow: () => Date.now(),
    monoNow: () => performance.now(),
  };
}

/** A clock that moves only when told to: for tests and for replaying a journal. */
export interface ManualClock extends Clock {
  /** Time passes normally: both clocks move forward by `ms`. */
  advance(ms: number): void;
  /** Someone changed the system time: only the wall clock moves, by `ms` (negative goes back). */
  jumpWall(ms: number): void;
  /** The process restarted: the monotonic clock gets a new origin, the wall clock is unchanged. */
  restartMono(origin?: number): void;
}

export function createManualClock(start: { wall?: number; mono?: number } = {}): ManualClock {
  let wall = start.wall ?? Date.UTC(2025, 0, 6, 9, 0, 0);
  let mono = start.mono ?? 0;
  return {
    wallNow: () => wall,
    monoNow: () => mono,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`a manual clock only advances forward (got ${ms} ms)`);
      wall += ms;
      mono += ms;
    },
    jumpWall(ms) {
      wall += ms;
    },
    restartMono(origin = 0) {
      mono = origin;
    },
  };
}
