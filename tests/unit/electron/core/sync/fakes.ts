import type { HubRequestOptions, HubResponse, HubTransport } from '../../../../../electron/core/sync/hubTransport.js';
import type { SyncClock } from '../../../../../electron/core/sync/syncClock.js';

/** A clock whose time moves only when the test says so; it records every delay asked for. */
export class FakeClock implements SyncClock {
  t = 1_700_000_000_000;
  private seq = 0;
  private timers: Array<{ id: number; at: number; fn: () => void }> = [];
  readonly delays: number[] = [];
  randomValue = 0.5;

  now = (): number => this.t;
  random = (): number => this.randomValue;

  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.delays.push(ms);
    this.timers.push({ id, at: this.t + ms, fn });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };

  pending(): number {
    return this.timers.length;
  }

  /** Runs the timers due within `ms`, in order, letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
      await settle();
    }
    this.t = target;
    await settle();
  }
}

export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

export type FakeHandler = (method: string, path: string, options: HubRequestOptions) => HubResponse | Promise<HubResponse>;

/** A transport that answers from a function; it counts requests by path. */
export function fakeTransport(handler: FakeHandler): HubTransport & { calls: Array<{ method: string; path: string; options: HubRequestOptions }> } {
  const calls: Array<{ method: string; path: string; options: HubRequestOptions }> = [];
  return {
    calls,
    baseUrl: new URL('http://hub.test/'),
    async request(method, path, options = {}) {
      calls.push({ method, path, options });
      return handler(method, path, options);
    },
    wsUrl: (path) => `ws://hub.test/${path}`,
    wsConnect: () => undefined,
    close: () => {},
  };
}

export const json = (status: number, body: unknown): HubResponse => ({ status, json: body, text: JSON.stringify(body) });
