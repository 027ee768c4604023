import { EVENT_NAMES, METHOD_NAMES } from '../../../shared/apiNames.js';
import type { EventName, Reply, VigilBridge } from '../../../shared/contract.js';
import { decodeTerminalFrame } from '../../../shared/terminalFrame.js';

/** The subset of the WebSocket API we use, so Node tests can pass the `ws` package's class. */
export interface WebSocketLike {
  readonly readyState: number;
  /** Set to "arraybuffer": binary frames (terminal output) arrive as ArrayBuffers, not Blobs. */
  binaryType: string;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

/**
 * The socket's state as the UI shows it: `connecting` before the first open, `open`, `reconnecting`
 * after a drop (requests queue meanwhile and go out on reconnect), `closed` once `close()` ran.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface WsBridge extends VigilBridge {
  close(): void;
  connectionState(): ConnectionState;
  /** Called on every change of the connection state; returns an unsubscribe. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

const OPEN = 1;
const RECONNECT_MAX_MS = 5000;

/**
 * The headless host's transport behind the same bridge shape as `window.vigil`: requests are
 * `{id, method, params}`, queued while (re)connecting, and answered by id. Text frames are JSON;
 * a binary frame is a `terminalOutput` event (shared/terminalFrame.ts), whose output bytes are
 * handed on as a view into the frame, never copied or decoded.
 */
export function createWsBridge(url: string, connect: WebSocketFactory): WsBridge {
  let socket: WebSocketLike | null = null;
  let nextId = 1;
  let closed = false;
  let attempt = 0;
  const pending = new Map<number, { frame: string; resolve: (r: Reply) => void }>();
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const l of [...connectionListeners]) l(next);
  }

  function open(): void {
    const ws = connect(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
      // Anything sent before the socket opened (or lost with a dropped one) goes out now.
      for (const p of pending.values()) ws.send(p.frame);
    };
    ws.onmessage = (ev) => {
      const data = ev.data;
      if (data instanceof ArrayBuffer) onBinary(new Uint8Array(data));
      else if (ArrayBuffer.isView(data)) onBinary(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      else onMessage(String(data));
    };
    ws.onerror = () => {
      // The close event follows and schedules the reconnect; nothing to do twice.
    };
    ws.onclose = () => {
      socket = null;
      if (closed) return;
      // A first connection that fails counts too: the UI says it is trying again.
      setState('reconnecting');
      attempt += 1;
      setTimeout(open, Math.min(RECONNECT_MAX_MS, 100 * 2 ** attempt));
    };
  }

  function onBinary(frame: Uint8Array): void {
    const decoded = decodeTerminalFrame(frame);
    if (!decoded.ok) {
      console.error(`vigil: ignoring a malformed binary message from the host: ${decoded.reason}`);
      return;
    }
    for (const l of listeners.get('terminalOutput') ?? []) l(decoded.event);
  }

  function onMessage(text: string): void {
    let msg: { id?: unknown; result?: unknown; error?: unknown; event?: unknown; data?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch (error) {
      console.error('vigil: ignoring a malformed message from the host', error);
      return;
    }
    if (typeof msg.event === 'string') {
      for (const l of listeners.get(msg.event) ?? []) l(msg.data);
      return;
    }
    if (typeof msg.id !== 'number') return;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    p.resolve(msg.error ? { ok: false, error: msg.error as Extract<Reply, { ok: false }>['error'] } : { ok: true, result: msg.result });
  }

  function call(method: string, params: unknown): Promise<Reply> {
    return new Promise((resolve) => {
      if (closed) {
        resolve({ ok: false, error: { code: 'unavailable', message: 'the connection to Vigil is closed' } });
        return;
      }
      const id = nextId++;
      const frame = JSON.stringify({ id, method, params: params ?? {} });
      pending.set(id, { frame, resolve });
      if (socket && socket.readyState === OPEN) socket.send(frame);
    });
  }

  const bridge: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) bridge[name] = (params?: unknown) => call(name, params);
  bridge.on = (event: EventName, listener: (data: unknown) => void) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new TypeError(`unknown event "${event}"`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };
  bridge.connectionState = () => state;
  bridge.onConnectionChange = (listener: (s: ConnectionState) => void) => {
    connectionListeners.add(listener);
    return () => {
      connectionListeners.delete(listener);
    };
  };
  bridge.close = () => {
    closed = true;
    setState('closed');
    socket?.close();
    for (const p of pending.values()) p.resolve({ ok: false, error: { code: 'unavailable', message: 'the connection to Vigil was closed' } });
    pending.clear();
  };
  open();
  return bridge as unknown as WsBridge;
}
