import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWsBridge, type ConnectionState, type WebSocketLike } from '../../../../../renderer/src/api/wsBridge.js';
import { encodeTerminalFrame } from '../../../../../shared/terminalFrame.js';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  binaryType = 'blob';
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

describe('the WebSocket bridge’s binary frames', () => {
  /** A bridge on an open fake socket, recording the terminalOutput events it delivers. */
  function openBridge() {
    const sockets: FakeSocket[] = [];
    const bridge = createWsBridge('ws://x/api/ws', () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    });
    const socket = sockets[0] as FakeSocket;
    const binaryType = socket.binaryType;
    socket.open();
    const got: unknown[] = [];
    bridge.on('terminalOutput', (e) => got.push(e));
    return { bridge, socket, binaryType, got };
  }

  it('asks for ArrayBuffers and hands terminal output on as bytes, a view into the frame', () => {
    const { bridge, socket, binaryType, got } = openBridge();
    expect(binaryType).toBe('arraybuffer');
    const frame = encodeTerminalFrame({ sessionId: 'sum', data: new Uint8Array([0xff, 0x41, 0xe2]), replay: true });
    socket.onmessage?.({ data: frame.buffer });
    expect(got).toEqual([{ sessionId: 'sum', data: new Uint8Array([0xff, 0x41, 0xe2]), replay: true }]);
    expect((got[0] as { data: Uint8Array }).data.buffer).toBe(frame.buffer);
    bridge.close();
  });

  it('drops a malformed binary frame with a message instead of delivering it', () => {
    const { bridge, socket, got } = openBridge();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    socket.onmessage?.({ data: new Uint8Array([0x02, 0, 1, 0x61, 0x62]).buffer });
    expect(got).toEqual([]);
    expect(String(errors.mock.calls[0]?.[0])).toMatch(/unknown binary frame type 2/);
    errors.mockRestore();
    bridge.close();
  });
});
