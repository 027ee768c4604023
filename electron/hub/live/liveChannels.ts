import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { HubCommand } from '../../../shared/hub/commands.js';
import type { AttemptSummary } from '../../../shared/hub/proctor.js';
import { HUB_API_PREFIX, LIVE_BEARER_PREFIX, LIVE_MAX_MESSAGE_BYTES, LIVE_PROTOCOL, MAX_JSON_DEPTH, TOKEN_PATTERN } from '../../../shared/hub/limits.js';
import { candidateUpSchema, LIVE_PUSH_INTERVAL_MS, type CandidateDown, type ProctorDown } from '../../../shared/hub/live.js';
import { bearerToken } from '../auth/tokens.js';
import type { HubService } from '../hubService.js';
import { HubError } from '../hubError.js';
import { errorReply } from '../http/errorReply.js';
import { LIVE_VIEW_ROLES } from '../../../shared/hub/roles.js';
import { exceedsJsonDepth } from '../http/jsonDepth.js';

/**
 * The live channels (DESIGN 8) on the hub's HTTP(S) server:
 * - `/api/v1/attempts/:id/live`: a candidate sends `{type:'heartbeat', body}` and gets
 *   `{type:'heartbeat-reply', reply}`; commands are pushed as `{type:'commands', commands}` the
 *   moment a proctor issues them.
 * - `/api/v1/proctor/live`: a snapshot of every summary on connect, then the summaries that
 *   changed, at most every LIVE_PUSH_INTERVAL_MS.
 * Authentication happens before the upgrade, with the same tokens as HTTP, carried as the
 * subprotocol `bearer.<token>` (browsers cannot set headers) or an Authorization header; a refused
 * upgrade gets the HTTP status the same request over HTTP would (401, 403, 404). No Origin check:
 * tokens are not ambient credentials (no cookies), so another web page cannot ride on them.
 */
export interface LiveChannels {
  close(): Promise<void>;
  /** Open sockets (candidates, proctors). */
  counts(): { candidates: number; proctors: number };
}

const CANDIDATE_PATH = new RegExp(`^${HUB_API_PREFIX}/attempts/([A-Za-z0-9_-]{1,64})/live$`);
const PROCTOR_PATH = `${HUB_API_PREFIX}/proctor/live`;
/** Messages a candidate may send per second before the socket is closed (heartbeats are 1/s). */
const MAX_MESSAGES_PER_SECOND = 20;
const PING_INTERVAL_MS = 15_000;
/** A dashboard that does not read its socket is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export function attachLiveChannels(server: Server, service: HubService, log: (line: string) => void): LiveChannels {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: LIVE_MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(LIVE_PROTOCOL) ? LIVE_PROTOCOL : false),
  });
  const candidates = new Map<string, Set<WebSocket>>();
  const proctors = new Set<WebSocket>();
  const alive = new WeakSet<WebSocket>();
  const dirty = new Set<string>();
  let flushTimer: NodeJS.Timeout | null = null;

  const send = (ws: WebSocket, message: CandidateDown | ProctorDown): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(message));
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    // Other upgrade handlers on the same server (the dashboard's, the host's) own other paths.
    if (!path.startsWith(`${HUB_API_PREFIX}/`)) return;
    const candidateMatch = CANDIDATE_PATH.exec(path);
    if (!candidateMatch && path !== PROCTOR_PATH) {
      refuse(socket, 404, { code: 'not-found', message: `no live channel at ${path}` });
      return;
    }
    const token = tokenOf(req);
    try {
      if (candidateMatch) {
        const attemptId = candidateMatch[1] as string;
        service.authenticateAttempt(token, attemptId).then(
          () => wss.handleUpgrade(req, socket, head, (ws) => onCandidate(ws, attemptId, token as string)),
          (error: unknown) => refuse(socket, errorReply(error).status, errorReply(error).body),
        );
      } else {
        service.authenticateProctor(token, LIVE_VIEW_ROLES).then(
          () => wss.handleUpgrade(req, socket, head, (ws) => onProctor(ws, token as string)),
          (error: unknown) => refuse(socket, errorReply(error).status, errorReply(error).body),
        );
      }
    } catch (error) {
      const { status, body } = errorReply(error);
      refuse(socket, status, body);
    }
  };
  server.on('upgrade', onUpgrade);

  function onCandidate(ws: WebSocket, attemptId: string, token: string): void {
    let set = candidates.get(attemptId);
    if (!set) candidates.set(attemptId, (set = new Set()));
    set.add(ws);
    watchAlive(ws);
    const attempt = service.live.entry(attemptId);
    attempt.liveSockets++;
    service.changed(attemptId);
    let windowStart = Date.now();
    let inWindow = 0;
    ws.on('message', (raw: RawData, isBinary: boolean) => {
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        inWindow = 0;
      }
      if (++inWindow > MAX_MESSAGES_PER_SECOND) {
        send(ws, { type: 'error', error: { code: 'unavailable', message: 'too many messages: rate limited' } });
        ws.close(1008, 'rate limited');
        return;
      }
      void handleCandidateMessage(ws, attemptId, token, raw, isBinary);
    });
    ws.on('close', () => {
      set.delete(ws);
      if (set.size === 0) candidates.delete(attemptId);
      attempt.liveSockets = Math.max(0, attempt.liveSockets - 1);
      service.changed(attemptId);
    });
  }

  async function handleCandidateMessage(ws: WebSocket, attemptId: string, token: string, raw: RawData, isBinary: boolean): Promise<void> {
    try {
      if (isBinary) throw Object.assign(new Error('messages must be JSON text'), { statusCode: 400 });
      let json: unknown;
      try {
        json = JSON.parse(raw.toString());
      } catch (error) {
        throw Object.assign(new Error(`malformed JSON: ${(error as Error).message}`), { statusCode: 400 });
      }
      if (exceedsJsonDepth(json, MAX_JSON_DEPTH)) throw Object.assign(new Error('the message nests too deep'), { statusCode: 400 });
      const message = candidateUpSchema.safeParse(json);
      if (!message.success) throw Object.assign(new Error('expected {type: "heartbeat", body}'), { statusCode: 400 });
      // Re-checked per message: a token is never revoked today, but the attempt must still exist.
      const reply = await service.heartbeatFor(token, attemptId, message.data.body);
      send(ws, { type: 'heartbeat-reply', reply });
    } catch (error) {
      const { status, body } = errorReply(error);
      if (status >= 500) log(`live channel error for ${attemptId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      send(ws, { type: 'error', error: body });
    }
  }

  function onProctor(ws: WebSocket, token: string): void {
    proctors.add(watchAlive(ws));
    service.summaries().then(
      (attempts) => send(ws, { type: 'snapshot', attempts }),
      (error: unknown) => {
        log(`live channel: cannot read the grid: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        ws.close(1011, 'internal error');
      },
    );
    ws.on('message', () => {
      // The dashboard channel is push-only; commands go through HTTP so they get a status code.
    });
    ws.on('close', () => proctors.delete(ws));
    (ws as WebSocket & { vigilToken?: string }).vigilToken = token;
  }

  const unsubscribeChange = service.onChange((attemptId) => {
    if (proctors.size === 0) return;
    dirty.add(attemptId);
    flushTimer ??= setTimeout(flush, LIVE_PUSH_INTERVAL_MS);
  });

  function flush(): void {
    flushTimer = null;
    const ids = [...dirty];
    dirty.clear();
    void Promise.all(ids.map((id) => service.summaryOf(id))).then(
      (found) => push(found.flatMap((s) => (s ? [s] : []))),
      (error: unknown) => log(`live channel: cannot read summaries: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );
  }

  function push(attempts: AttemptSummary[]): void {
    if (attempts.length === 0) return;
    for (const ws of proctors) {
      const token = (ws as WebSocket & { vigilToken?: string }).vigilToken ?? null;
      service.authenticateProctor(token, LIVE_VIEW_ROLES).then(
        () => send(ws, { type: 'summaries', attempts }),
        (error: unknown) => {
          if (!(error instanceof HubError)) log(`live channel: cannot check a session: ${String(error)}`);
          // The session expired or was revoked: the dashboard must log in again.
          send(ws, { type: 'error', error: { code: 'forbidden', message: 'the proctor session expired or was revoked; log in again' } });
          ws.close(4401, 'session expired');
        },
      );
    }
  }

  const unsubscribeCommands = service.onCommands((attemptId, commands: HubCommand[]) => {
    for (const ws of candidates.get(attemptId) ?? []) send(ws, { type: 'commands', commands });
  });

  function watchAlive(ws: WebSocket): WebSocket {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    return ws;
  }

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  return {
    counts: () => ({ candidates: [...candidates.values()].reduce((n, s) => n + s.size, 0), proctors: proctors.size }),
    async close() {
      server.off('upgrade', onUpgrade);
      clearInterval(pinger);
      if (flushTimer) clearTimeout(flushTimer);
      unsubscribeChange();
      unsubscribeCommands();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function tokenOf(req: IncomingMessage): string | null {
  const header = bearerToken(req.headers.authorization);
  if (header) return header;
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const fromProtocol = offered.find((p) => p.startsWith(LIVE_BEARER_PREFIX))?.slice(LIVE_BEARER_PREFIX.length);
  return fromProtocol !== undefined && TOKEN_PATTERN.test(fromProtocol) ? fromProtocol : null;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

function refuse(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}
