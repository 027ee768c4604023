import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWsBridge, type ConnectionState, type WebSocketLike } from '../../../../../renderer/src/api/wsBridge.js';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  sent: string[] = [];
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

describe('the WebSocket bridge’s connection state', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('goes connecting -> open -> reconnecting -> open, and resends queued requests', async () => {
    const sockets: FakeSocket[] = [];
    const bridge = createWsBridge('ws://x/api/ws', () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    });
    const seen: ConnectionState[] = [];
    bridge.onConnectionChange((s) => seen.push(s));
    expect(bridge.connectionState()).toBe('connecting');
    sockets[0]?.open();
    sockets[0]?.drop();
    expect(bridge.connectionState()).toBe('reconnecting');
    // A request made while offline waits and goes out on the new socket.
    void bridge.getExam({});
    await vi.advanceTimersByTimeAsync(5_000);
    sockets[1]?.open();
    expect(sockets[1]?.sent.some((f) => f.includes('"getExam"'))).toBe(true);
    bridge.close();
    expect(seen).toEqual(['open', 'reconnecting', 'open', 'closed']);
  });

  it('reports a first connection that fails as reconnecting', () => {
    const sockets: FakeSocket[] = [];
    const bridge = createWsBridge('ws://x/api/ws', () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    });
    sockets[0]?.drop();
    expect(bridge.connectionState()).toBe('reconnecting');
    bridge.close();
  });
});
