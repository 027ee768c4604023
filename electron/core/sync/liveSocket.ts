import WebSocket from 'ws';
import { LIVE_BEARER_PREFIX, LIVE_MAX_MESSAGE_BYTES, LIVE_PROTOCOL } from '../../../shared/hub/limits.js';
import type { HubTransport } from './hubTransport.js';

/**
 * A WebSocket to one of the hub's live channels, authenticated with the token as a subprotocol
 * (the same way a browser does it) and pinned like HTTP requests. Frames are JSON text.
 */
export interface LiveSocket {
  send(message: unknown): boolean;
  close(): void;
}

export interface LiveSocketHandlers {
  onOpen(): void;
  onMessage(json: unknown): void;
  /** Called once, whether the socket failed to open or closed later. */
  onClose(detail: string): void;
}

export function openLiveSocket(transport: HubTransport, path: string, token: string, handlers: LiveSocketHandlers): LiveSocket {
  const connect = transport.wsConnect();
  const ws = new WebSocket(transport.wsUrl(path), [LIVE_PROTOCOL, `${LIVE_BEARER_PREFIX}${token}`], {
    maxPayload: LIVE_MAX_MESSAGE_BYTES * 16,
    handshakeTimeout: 10_000,
    perMessageDeflate: false,
    ...(connect ? { createConnection: connect as unknown as WebSocket.ClientOptions['createConnection'] } : {}),
  });
  let closed = false;
  const finish = (detail: string) => {
    if (closed) return;
    closed = true;
    handlers.onClose(detail);
  };
  ws.on('open', () => handlers.onOpen());
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      // The hub only sends JSON; anything else is ignored rather than trusted.
      return;
    }
    handlers.onMessage(json);
  });
  ws.on('unexpected-response', (_req, res) => {
    finish(`the hub refused the live channel (${res.statusCode ?? '?'})`);
    ws.terminate();
  });
  ws.on('error', (error) => finish(error.message));
  ws.on('close', (code, reason) => finish(`live channel closed (${code}${reason.length ? `: ${reason.toString()}` : ''})`));
  return {
    send(message) {
      if (ws.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(message));
      return true;
    },
    close() {
      closed = true;
      ws.terminate();
    },
  };
}
