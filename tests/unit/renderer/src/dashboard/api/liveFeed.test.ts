import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttemptSummary } from '../../../../../../shared/hub/proctor.js';
import { HubRequestError } from '../../../../../../renderer/src/dashboard/api/hubClient.js';
import { CONNECT_TIMEOUT_MS, POLL_INTERVAL_MS, SESSION_EXPIRED_CLOSE_CODE, startLiveFeed, type FeedStatus, type LiveSocket } from '../../../../../../renderer/src/dashboard/api/liveFeed.js';
import { summary } from '../fixtures.js';

class FakeSocket implements LiveSocket {
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  closed = false;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {}
  open() {
    this.onopen?.({});
  }
  push(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
  close() {
    this.closed = true;
  }
}

describe('startLiveFeed', () => {
  let sockets: FakeSocket[];
  let poll: ReturnType<typeof vi.fn<() => Promise<AttemptSummary[]>>>;
  let received: Array<{ ids: string[]; replace: boolean }>;
  let statuses: FeedStatus[];
  let unauthorized: number;

  const start = () =>
    startLiveFeed({
      wsOrigin: 'ws://hub.test',
      token: 'T'.repeat(43),
      openSocket: (url, protocols) => {
        const s = new FakeSocket(url, protocols);
        sockets.push(s);
        return s;
      },
      poll,
      onSummaries: (attempts, replace) => received.push({ ids: attempts.map((a) => a.attemptId), replace }),
      onStatus: (status) => statuses.push(status),
      onUnauthorized: () => unauthorized++,
    });

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    received = [];
    statuses = [];
    unauthorized = 0;
    poll = vi.fn(async () => [summary({ attemptId: 'polled' })]);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens the proctor live channel with the token as a subprotocol and applies its snapshot and pushes', () => {
    const feed = start();
    const ws = sockets[0]!;
    expect(ws.url).toBe('ws://hub.test/api/v1/proctor/live');
    expect(ws.protocols).toEqual(['vigil-hub.v1', `bearer.${'T'.repeat(43)}`]);
    ws.open();
    ws.push({ type: 'snapshot', attempts: [summary({ attemptId: 'a' }), summary({ attemptId: 'b' })] });
    ws.push({ type: 'summaries', attempts: [summary({ attemptId: 'b', state: 'paused' })] });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    ws.push({ type: 'nonsense' });
    expect(warn).toHaveBeenCalledWith('vigil dashboard: ignoring an unexpected live message', expect.anything());
    warn.mockRestore();
    expect(received).toEqual([
      { ids: ['a', 'b'], replace: true },
      { ids: ['b'], replace: false },
    ]);
    expect(feed.status()).toBe('live');
    expect(poll).not.toHaveBeenCalled();
    feed.stop();
  });

  it('falls back to polling every 2 s when the socket drops, and stops polling once it is back', async () => {
    const feed = start();
    sockets[0]!.open();
    sockets[0]!.drop();
    expect(feed.status()).toBe('polling');
    await vi.advanceTimersByTimeAsync(0);
    expect(poll).toHaveBeenCalledTimes(1);
    expect(received.at(-1)).toEqual({ ids: ['polled'], replace: true });

    // Reconnect attempts fail for a while: polling goes on meanwhile.
    await vi.advanceTimersByTimeAsync(1_000);
    sockets[1]!.drop();
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 3);
    expect(poll.mock.calls.length).toBeGreaterThanOrEqual(4);

    const reconnect = sockets.at(-1)!;
    await vi.advanceTimersByTimeAsync(5_000);
    const latest = sockets.at(-1)!;
    expect(latest).not.toBe(reconnect);
    latest.open();
    expect(feed.status()).toBe('live');
    const calls = poll.mock.calls.length;
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 5);
    expect(poll).toHaveBeenCalledTimes(calls);
    feed.stop();
  });

  it('polls when the socket never opens (a proxy that swallows upgrades)', async () => {
    const feed = start();
    await vi.advanceTimersByTimeAsync(CONNECT_TIMEOUT_MS);
    expect(sockets[0]!.closed).toBe(true);
    expect(feed.status()).toBe('polling');
    expect(poll).toHaveBeenCalled();
    feed.stop();
  });

  it('reports the hub unreachable while polls fail, and recovers when they work again', async () => {
    poll.mockRejectedValue(new HubRequestError(0, 'unavailable', 'cannot reach the hub'));
    const feed = start();
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(feed.status()).toBe('offline');
    poll.mockResolvedValue([summary({ attemptId: 'back' })]);
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(feed.status()).toBe('polling');
    expect(statuses).toEqual(expect.arrayContaining(['connecting', 'polling', 'offline']));
    feed.stop();
  });

  it('sends the proctor to the login screen when the session ends, by poll (401) or socket close (4401)', async () => {
    poll.mockRejectedValue(new HubRequestError(401, 'forbidden', 'missing, unknown or expired proctor token'));
    const first = start();
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(unauthorized).toBe(1);
    expect(first.status()).toBe('stopped');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);

    const second = start();
    sockets[1]!.open();
    sockets[1]!.drop(SESSION_EXPIRED_CLOSE_CODE);
    expect(unauthorized).toBe(2);
    expect(second.status()).toBe('stopped');
  });

  it('stops everything on stop()', async () => {
    const feed = start();
    sockets[0]!.drop();
    feed.stop();
    const calls = poll.mock.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(poll).toHaveBeenCalledTimes(calls);
    expect(sockets).toHaveLength(1);
  });
});
