// Clocks. The client takes one so tests can control time. Nothing in here needs to change.
//
// A clock has now() (milliseconds), setTimeout(fn, ms) -> handle and clearTimeout(handle).

export const systemClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle),
};

/** Lets queued promise callbacks run (the fake clock's timers fire only between these). */
async function settle() {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock for tests: time stands still until the test moves it, and timers fire in due order.
 * `pending` is the number of timers not yet fired or cleared.
 */
export function createFakeClock(start = 0) {
  let now = start;
  let nextId = 1;
  const timers = new Map();

  const earliest = () => {
    let best = null;
    for (const [id, t] of timers) {
      if (best === null || t.at < best.at || (t.at === best.at && id < best.id)) best = { id, ...t };
    }
    return best;
  };
  const fire = (timer) => {
    timers.delete(timer.id);
    now = Math.max(now, timer.at);
    timer.fn();
  };

  return {
    now: () => now,
    setTimeout(fn, ms = 0) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, Number(ms) || 0), fn });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    get pending() {
      return timers.size;
    },
    /** Moves time forward by `ms`, firing every timer that falls due on the way. */
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        await settle();
        const next = earliest();
        if (next === null || next.at > target) break;
        fire(next);
      }
      now = target;
      await settle();
    },
    /**
     * Fires timers in order until `promise` settles, then returns it (awaiting it rethrows its
     * error). Throws if it cannot settle: no timer left to fire.
     */
    async run(promise) {
      let settled = false;
      promise.then(
        () => {
          settled = true;
        },
        () => {
          settled = true;
        },
      );
      for (let i = 0; i < 100_000; i += 1) {
        await settle();
        if (settled) return promise;
        const next = earliest();
        if (next === null) throw new Error(`stuck at t=${now}: the promise is pending but no timer is left to fire`);
        fire(next);
      }
      throw new Error('fired 100000 timers without the promise settling');
    },
  };
}
