import { HUB_API_PREFIX, LIVE_BEARER_PREFIX, LIVE_PROTOCOL } from '../../../../shared/hub/limits.js';
import { proctorDownSchema } from '../../../../shared/hub/live.js';
import type { AttemptSummary } from '../../../../shared/hub/proctor.js';
import { HubRequestError } from './hubClient.js';

/**
 * Keeps the dashboard's attempt list current. The hub's live channel (`/api/v1/proctor/live`)
 * pushes a snapshot on connect and then every change; whenever it is down (not yet open, dropped,
 * refused by a proxy) the list is polled over HTTP every POLL_INTERVAL_MS while the socket is
 * retried with backoff. The socket coming back stops the polling.
 */
export const POLL_INTERVAL_MS = 2_000;
/** A socket that has not opened by then is treated as down (polling starts). */
export const CONNECT_TIMEOUT_MS = 4_000;
const RECONNECT_BASE_MS = 1_000;
const RECONNECT_MAX_MS = 15_000;
/** The hub closes a proctor socket with this code when the session expires. */
export const SESSION_EXPIRED_CLOSE_CODE = 4401;

/** `live`: pushed over the socket; `polling`: socket down, HTTP polling works; `offline`: neither. */
export type FeedStatus = 'connecting' | 'live' | 'polling' | 'offline' | 'stopped';

/** The subset of the DOM WebSocket the feed uses. */
export interface LiveSocket {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface LiveFeedOptions {
  /** ws(s)://host:port of the hub. */
  wsOrigin: string;
  token: string;
  openSocket(url: string, protocols: string[]): LiveSocket;
  /** The full list over HTTP (GET /api/v1/proctor/attempts). */
  poll(): Promise<AttemptSummary[]>;
  /** `replace`: the full list (snapshot or poll); otherwise only these attempts changed. */
  onSummaries(attempts: AttemptSummary[], replace: boolean): void;
  onStatus(status: FeedStatus, detail?: string): void;
  /** The session is no longer valid: log in again. */
  onUnauthorized(): void;
  pollIntervalMs?: number;
}

export interface LiveFeed {
  stop(): void;
  /** Fetches the full list now over HTTP (e.g. after sending a command). */
  refresh(): Promise<void>;
  status(): FeedStatus;
}

export function startLiveFeed(options: LiveFeedOptions): LiveFeed {
  const pollEvery = options.pollIntervalMs ?? POLL_INTERVAL_MS;
  let status: FeedStatus = 'connecting';
  let socket: LiveSocket | null = null;
  let connectTimer: ReturnType<typeof setTimeout> | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let pollTimer: ReturnType<typeof setInterval> | null = null;
  let polling = false;
  let failures = 0;
  let stopped = false;

  const setStatus = (next: FeedStatus, detail?: string) => {
    if (next === status && detail === undefined) return;
    status = next;
    options.onStatus(next, detail);
  };

  const unauthorized = () => {
    if (stopped) return;
    stop();
    options.onUnauthorized();
  };

  async function pollOnce(): Promise<void> {
    if (polling || stopped) return;
    polling = true;
    try {
      const attempts = await options.poll();
      if (stopped) return;
      options.onSummaries(attempts, true);
      if (status !== 'live') setStatus('polling');
    } catch (error) {
      if (error instanceof HubRequestError && error.status === 401) {
        unauthorized();
        return;
      }
      if (status !== 'live') setStatus('offline', error instanceof Error ? error.message : String(error));
    } finally {
      polling = false;
    }
  }

  function startPolling(): void {
    if (pollTimer !== null || stopped) return;
    void pollOnce();
    pollTimer = setInterval(() => void pollOnce(), pollEvery);
  }

  function stopPolling(): void {
    if (pollTimer !== null) clearInterval(pollTimer);
    pollTimer = null;
  }

  function socketDown(): void {
    if (stopped) return;
    if (connectTimer !== null) clearTimeout(connectTimer);
    connectTimer = null;
    socket = null;
    if (status === 'live' || status === 'connecting') setStatus('polling');
    startPolling();
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** failures);
    failures++;
    reconnectTimer ??= setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  }

  function connect(): void {
    if (stopped) return;
    let ws: LiveSocket;
    try {
      ws = options.openSocket(`${options.wsOrigin}${HUB_API_PREFIX}/proctor/live`, [LIVE_PROTOCOL, `${LIVE_BEARER_PREFIX}${options.token}`]);
    } catch (error) {
      // A malformed URL or a blocked scheme: polling is all we have.
      console.warn('vigil dashboard: cannot open the live channel', error);
      socketDown();
      return;
    }
    socket = ws;
    connectTimer = setTimeout(() => {
      connectTimer = null;
      if (socket !== ws) return;
      ws.onclose = null;
      ws.close();
      socketDown();
    }, CONNECT_TIMEOUT_MS);
    ws.onopen = () => {
      if (socket !== ws) return;
      if (connectTimer !== null) clearTimeout(connectTimer);
      connectTimer = null;
      failures = 0;
      stopPolling();
      setStatus('live');
    };
    ws.onmessage = (ev) => {
      if (socket !== ws || typeof ev.data !== 'string') return;
      let json: unknown;
      try {
        json = JSON.parse(ev.data);
      } catch (error) {
        console.warn('vigil dashboard: ignoring a live message that is not JSON', error);
        return;
      }
      const message = proctorDownSchema.safeParse(json);
      if (!message.success) {
        console.warn('vigil dashboard: ignoring an unexpected live message', message.error.issues[0]);
        return;
      }
      const m = message.data;
      if (m.type === 'snapshot') options.onSummaries(m.attempts, true);
      else if (m.type === 'summaries') options.onSummaries(m.attempts, false);
      else if (m.error.code === 'forbidden') unauthorized();
    };
    ws.onerror = () => {
      // A close event always follows; that is where the fallback starts.
    };
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      if (ev.code === SESSION_EXPIRED_CLOSE_CODE) {
        unauthorized();
        return;
      }
      socketDown();
    };
  }

  function stop(): void {
    stopped = true;
    stopPolling();
    if (connectTimer !== null) clearTimeout(connectTimer);
    if (reconnectTimer !== null) clearTimeout(reconnectTimer);
    connectTimer = reconnectTimer = null;
    const ws = socket;
    socket = null;
    if (ws) {
      ws.onclose = null;
      ws.close(1000, 'dashboard closed');
    }
    setStatus('stopped');
  }

  options.onStatus(status);
  connect();

  return {
    stop,
    refresh: () => pollOnce(),
    status: () => status,
  };
}
