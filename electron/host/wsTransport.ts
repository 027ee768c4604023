import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import type { EventData } from '../../shared/contract.js';
import { dispatch, type DispatchOptions } from '../core/api/dispatch.js';
import type { EventBus } from '../core/api/eventBus.js';
import type { HandlerTable } from '../core/api/handlerTable.js';
import { encodeTerminalFrame } from '../../shared/terminalFrame.js';

/**
 * `{id, method, params}` in; `{id, result}` / `{id, error}` out; `{event, data}` pushed (DESIGN 3),
 * all JSON text, except `terminalOutput`, pushed as one binary frame (shared/terminalFrame.ts) so
 * a shell's output is never decoded, escaped or re-encoded on its way to xterm.
 *
 * A shell's output goes only to the connections that opened that shell (`terminalOpen`, which a
 * page also sends to reattach): a flood in one item's terminal costs nothing in a page, tab or tool
 * that shows another. The other events go to every connection.
 */
const requestEnvelope = z.object({
  id: z.union([z.string().max(64), z.number().int()]),
  method: z.string().max(128),
  params: z.unknown().optional(),
});

/** Largest message accepted from a page; an essay answer is far below this. */
export const MAX_WS_MESSAGE_BYTES = 4 * 1024 * 1024;

export interface WsTransportOptions extends DispatchOptions {
  server: Server;
  path: string;
  table: HandlerTable;
  bus: EventBus;
  /** Only pages from these origins may connect: another site open in the same browser must not drive the API. */
  isAllowedOrigin: (origin: string | undefined) => boolean;
}

export interface WsTransport {
  close(): Promise<void>;
  clientCount(): number;
}

export function attachWsTransport(options: WsTransportOptions): WsTransport {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });

  const upgrading = new Set<Duplex>();
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== options.path) return; // another upgrade handler may own it
    if (!options.isAllowedOrigin(req.headers.origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    upgrading.add(socket);
    socket.once('close', () => upgrading.delete(socket));
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgrading.delete(socket);
      wss.emit('connection', ws, req);
    });
  };
  options.server.on('upgrade', onUpgrade);

  /** The terminal sessions each connection opened: where their output goes. */
  const openedTerminals = new WeakMap<WebSocket, Set<string>>();
  const unsubscribe = options.bus.subscribe((event, data) => {
    if (event === 'terminalOutput') {
      const output = data as EventData<'terminalOutput'>;
      const frame = encodeTerminalFrame(output);
      for (const client of wss.clients) if (client.readyState === client.OPEN && openedTerminals.get(client)?.has(output.sessionId)) client.send(frame);
      return;
    }
    const frame = JSON.stringify({ event, data });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (raw: RawData, isBinary: boolean) => {
      void handleMessage(ws, raw, isBinary);
    });
  });

  async function handleMessage(ws: WebSocket, raw: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) {
      send(ws, { id: null, error: { code: 'invalid-params', message: 'messages must be JSON text' } });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString());
    } catch (error) {
      send(ws, { id: null, error: { code: 'invalid-params', message: `malformed JSON: ${(error as Error).message}` } });
      return;
    }
    const envelope = requestEnvelope.safeParse(body);
    if (!envelope.success) {
      const id = typeof body === 'object' && body !== null && 'id' in body ? (body as { id: unknown }).id : null;
      send(ws, { id: typeof id === 'string' || typeof id === 'number' ? id : null, error: { code: 'invalid-params', message: 'expected {id, method, params}' } });
      return;
    }
    const { id, method, params } = envelope.data;
    // Subscribed before the open runs: the open answers with a replay of the shell's recent output,
    // which must reach the page that asked. A refused open takes it back.
    const opening = method === 'terminalOpen' ? sessionIdOf(params) : null;
    const opened = openedTerminals.get(ws) ?? new Set<string>();
    openedTerminals.set(ws, opened);
    const wasOpen = opening !== null && opened.has(opening);
    if (opening !== null) opened.add(opening);
    const reply = await dispatch(options.table, method, params, { transport: 'websocket' }, options);
    if (opening !== null && !reply.ok && !wasOpen) opened.delete(opening);
    send(ws, reply.ok ? { id, result: reply.result } : { id, error: reply.error });
  }

  return {
    clientCount: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        options.server.off('upgrade', onUpgrade);
        for (const client of wss.clients) client.terminate();
        // A handshake still in flight would otherwise hold the HTTP server open.
        for (const socket of upgrading) socket.destroy();
        wss.close(() => resolve());
      }),
  };
}

/** The session a `terminalOpen` names (dispatch validates the rest). */
function sessionIdOf(params: unknown): string | null {
  const sessionId = typeof params === 'object' && params !== null ? (params as { sessionId?: unknown }).sessionId : undefined;
  return typeof sessionId === 'string' ? sessionId : null;
}

function send(ws: WebSocket, frame: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}
