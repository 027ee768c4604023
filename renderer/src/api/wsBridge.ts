import { EVENT_NAMES, METHOD_NAMES } from '../../../shared/apiNames.js';
import type { EventName, Reply, VigilBridge } from '../../../shared/contract.js';

/** The subset of the WebSocket API we use, so Node tests can pass the `ws` package's class. */
export interface WebSocketLike {
  readonly readyState: number;
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
 * `{id, method, params}`, queued while (re)connecting, and answered by id.
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
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
      // Anything sent before the socket opened (or lost with a dropped one) goes out now.
      for (const p of pending.values()) ws.send(p.frame);
    };
    ws.onmessage = (ev) => onMessage(String(ev.data));
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
