import type { HubCommand } from '../../../shared/hub/commands.js';
import { heartbeatReplySchema, type HeartbeatBody, type HeartbeatReply } from '../../../shared/hub/heartbeat.js';
import { HUB_API_PREFIX } from '../../../shared/hub/limits.js';
import { candidateDownSchema } from '../../../shared/hub/live.js';
import type { ResultUploadReply } from '../../../shared/hub/receipt.js';
import type { Result } from '../../../shared/result.js';
import { fullJitterDelay, HEARTBEAT_BACKOFF, UPLOAD_BACKOFF, type BackoffPolicy } from './backoff.js';
import { createEventShipper, type EventShipper, type JournalSource, type ShipperState } from './eventShipper.js';
import { createHubTransport, HubRequestError, replyMessage, type HubTransport } from './hubTransport.js';
import { openLiveSocket, type LiveSocket } from './liveSocket.js';
import { createResultOutbox, type OutboxState, type ResultOutbox } from './resultOutbox.js';
import { systemSyncClock, type SyncClock } from './syncClock.js';
import type { SyncFailure, SyncStatus } from './syncStatus.js';

/**
 * The candidate's sync client (DESIGN 8): Electron-free and unaware of the UI.
 *
 * - Heartbeats every `heartbeatIntervalMs` (1 s): over the live WebSocket when it is open, else
 *   HTTP. Replies give the hub's time (`onServerTime(offsetMs)`, from the lowest-latency of the
 *   recent replies, offset = hub time - local wall time), the commands to carry out, and the seq
 *   up to which the hub holds the journal.
 * - Ships journal entries in order after the hub's seq (`notifyJournal()` after each append ships
 *   at once; every heartbeat reply checks too).
 * - Commands: each pending command is handed to `onCommand` once, in issue order. Contract for
 *   the caller (the attempt service): `onCommand` journals the command as a `command` entry whose
 *   data is the command as received (its `id`, `type`, `issuedBy`, `issuedAt`, ...) and then carries
 *   it out; it resolves once the entry is durable, whatever the outcome (a command that does not
 *   apply is journaled with that outcome, not rejected). It must be idempotent by command id: after
 *   a restart the hub may deliver a command again that was journaled but whose acknowledgement did
 *   not reach the hub; the caller finds the id in its journal and does nothing. A rejection (the
 *   journal could not be written) leaves the command pending; it is offered again with a later
 *   reply. Acknowledgements go to the hub with the next heartbeat (`ackCommands`) and, with the
 *   `command` entry, through the journal.
 * - Results go through a durable outbox in `outboxDir` (see resultOutbox.ts).
 * - With no hub, everything keeps retrying quietly (status 'offline') and catches up when one
 *   appears; heartbeat retries are capped at 5 s, uploads at 30 s, both with full jitter.
 */
export interface SyncClientOptions {
  hubUrl: string;
  /** The hub certificate's SHA-256 (`AA:BB:...`) for an https hub with a self-signed certificate. */
  fingerprint?: string;
  attemptId: string;
  token: string;
  outboxDir: string;
  /** The candidate's live status, read at each heartbeat. */
  heartbeat: () => Omit<HeartbeatBody, 'ackCommands'>;
  journal: JournalSource;
  onCommand: (command: HubCommand) => Promise<void>;
  onStatus?: (status: SyncStatus) => void;
  onServerTime?: (offsetMs: number) => void;
  /** `onCommand` rejected: the command stays pending and is offered again later. */
  onCommandError?: (command: HubCommand, error: unknown) => void;
  clock?: SyncClock;
  heartbeatIntervalMs?: number;
  /** Use the live WebSocket (default true); HTTP heartbeats are the fallback either way. */
  live?: boolean;
  /** Another transport (tests); by default one is made from hubUrl and fingerprint. */
  transport?: HubTransport;
  backoff?: { upload?: BackoffPolicy; heartbeat?: BackoffPolicy };
}

export interface SyncClient {
  /** Reads the outbox (resuming an upload without receipt) and starts heartbeats. */
  start(): Promise<void>;
  /** Stores the sealed result durably in the outbox (resolves then) and uploads it. */
  enqueueResult(result: Result): Promise<void>;
  /** New journal entries are durable: ship them. */
  notifyJournal(): void;
  /** A new token (after enrolling again): everything stopped by a refusal is retried. */
  setToken(token: string): void;
  status(): SyncStatus;
  /** The last journal seq the hub acknowledged. */
  ackSeq(): number;
  serverOffsetMs(): number | null;
  receipt(): ResultUploadReply | null;
  close(): Promise<void>;
}

const LIVE_REPLY_TIMEOUT_MS = 5000;
const HTTP_HEARTBEAT_TIMEOUT_MS = 5000;
const OFFSET_SAMPLES = 8;
const LIVE_RECONNECT: BackoffPolicy = { baseMs: 1000, capMs: 30_000 };

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const clock = options.clock ?? systemSyncClock;
  const interval = options.heartbeatIntervalMs ?? 1000;
  const hbBackoff = options.backoff?.heartbeat ?? HEARTBEAT_BACKOFF;
  const transport = options.transport ?? createHubTransport({ hubUrl: options.hubUrl, fingerprint: options.fingerprint });
  const ownTransport = options.transport === undefined;
  const attemptPath = `${HUB_API_PREFIX}/attempts/${encodeURIComponent(options.attemptId)}`;
  let token = options.token;
  let closed = false;
  let started = false;

  // Heartbeats and the hub's clock.
  let hbTimer: unknown = null;
  let hbFailures = 0;
  let everConnected = false;
  let lastFailure: { detail: string; retryInMs: number; kind: 'network' | SyncFailure } | null = null;
  const samples: Array<{ rtt: number; offset: number }> = [];
  let offsetMs: number | null = null;

  // The live channel.
  let socket: LiveSocket | null = null;
  let liveOpen = false;
  let liveFailures = 0;
  let liveRetryTimer: unknown = null;
  let liveWaiter: { resolve: (reply: HeartbeatReply) => void; reject: (error: Error) => void; timer: unknown } | null = null;

  // Commands.
  const handled = new Set<string>();
  const pendingAcks = new Set<string>();
  const queued = new Set<string>();
  let commandChain: Promise<void> = Promise.resolve();

  let shipperState: ShipperState = { kind: 'idle', ackSeq: 0 };
  let outboxState: OutboxState = { kind: 'empty' };
  let lastEmitted = '';

  const shipper: EventShipper = createEventShipper({
    transport,
    attemptId: options.attemptId,
    token: () => token,
    journal: options.journal,
    clock,
    backoff: options.backoff?.upload ?? UPLOAD_BACKOFF,
    onState: (s) => {
      shipperState = s;
      emit();
    },
  });
  const outbox: ResultOutbox = createResultOutbox({
    dir: options.outboxDir,
    transport,
    attemptId: options.attemptId,
    token: () => token,
    clock,
    backoff: options.backoff?.upload ?? UPLOAD_BACKOFF,
    beforeUpload: async () => {
      await shipper.flush();
    },
    onState: (s) => {
      outboxState = s;
      emit();
    },
  });

  function currentStatus(): SyncStatus {
    if (outboxState.kind === 'failed') return { status: 'failed', reason: 'result-rejected', detail: outboxState.detail };
    if (lastFailure && lastFailure.kind !== 'network') return { status: 'failed', reason: lastFailure.kind, detail: lastFailure.detail };
    if (shipperState.kind === 'failed' && !(retired && shipperState.status === 401)) return { status: 'failed', reason: 'journal-rejected', detail: shipperState.detail };
    if (outboxState.kind === 'uploading') return { status: 'uploading', sentBytes: outboxState.sentBytes, totalBytes: outboxState.totalBytes };
    if (outboxState.kind === 'delivered') return { status: 'synced', receipt: outboxState.receipt.receipt, resultSha256: outboxState.receipt.resultSha256 };
    if (lastFailure) return { status: 'offline', detail: lastFailure.detail, retryInMs: lastFailure.retryInMs };
    if (!everConnected) return { status: 'connecting' };
    return { status: 'online', live: liveOpen, ackSeq: shipper.ackSeq(), serverOffsetMs: offsetMs };
  }

  function emit(): void {
    if (closed) return;
    const status = currentStatus();
    const key = JSON.stringify(status);
    if (key === lastEmitted) return;
    lastEmitted = key;
    options.onStatus?.(status);
  }

  // ---- heartbeats ----

  /**
   * The hub holds the result (a receipt) and has retired the attempt's token (it expires once the
   * attempt is synced, docs/hub.md): nothing is left to send, so heartbeats and the live channel
   * stop without reporting a failure.
   */
  let retired = false;

  function schedule(ms: number): void {
    if (closed || retired) return;
    if (hbTimer !== null) clock.clearTimeout(hbTimer);
    hbTimer = clock.setTimeout(() => {
      hbTimer = null;
      void beat();
    }, ms);
  }

  let beating = false;

  async function beat(): Promise<void> {
    // One heartbeat at a time (a new token can ask for one while another is in flight).
    if (closed || beating) return;
    beating = true;
    try {
      await beatOnce();
    } catch (error) {
      // A bug, not the network: reported in the status, and heartbeats go on.
      fail({ kind: 'network', detail: `heartbeat failed: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      beating = false;
    }
  }

  async function beatOnce(): Promise<void> {
    const acks = [...pendingAcks].slice(0, 100);
    let body: HeartbeatBody;
    try {
      body = { ...options.heartbeat(), ...(acks.length > 0 ? { ackCommands: acks } : {}) };
    } catch (error) {
      // A bug in the caller's status function must not stop syncing; it is reported, and retried.
      fail({ kind: 'network', detail: `could not build the heartbeat: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const t0 = clock.now();
    let reply: HeartbeatReply | null = null;
    let failure: { kind: 'network' | SyncFailure; detail: string } | null = null;
    if (liveOpen && socket) {
      reply = await liveHeartbeat(body).catch(() => null);
    }
    if (!reply && !closed) {
      try {
        const res = await transport.request('POST', `${attemptPath}/heartbeats`, { token, body, timeoutMs: HTTP_HEARTBEAT_TIMEOUT_MS });
        const parsed = heartbeatReplySchema.safeParse(res.json);
        if (res.status === 200 && parsed.success) reply = parsed.data;
        else if (res.status === 401 || res.status === 403 || res.status === 404) failure = { kind: 'unauthorized', detail: `the hub refused this attempt's token (${res.status}): ${replyMessage(res)}` };
        else failure = { kind: 'network', detail: `the hub answered ${res.status}: ${replyMessage(res)}` };
      } catch (error) {
        if (!(error instanceof HubRequestError)) throw error;
        failure = { kind: error.kind === 'pin-mismatch' ? 'pin-mismatch' : 'network', detail: error.message };
      }
    }
    if (closed) return;
    if (!reply && failure?.kind === 'unauthorized' && outboxState.kind === 'delivered') {
      retired = true;
      emit();
      return;
    }
    if (reply) {
      onReply(reply, t0, clock.now(), acks);
      schedule(interval);
    } else {
      fail(failure ?? { kind: 'network', detail: 'no heartbeat reply' });
    }
    ensureLive();
  }

  function fail(failure: { kind: 'network' | SyncFailure; detail: string }): void {
    const retryInMs = interval + fullJitterDelay(hbFailures, hbBackoff, clock.random);
    hbFailures++;
    lastFailure = { ...failure, retryInMs };
    emit();
    schedule(retryInMs);
  }

  function onReply(reply: HeartbeatReply, t0: number, t1: number, ackedSent: string[]): void {
    for (const id of ackedSent) pendingAcks.delete(id);
    const serverMs = Date.parse(reply.serverTime);
    if (Number.isFinite(serverMs)) {
      samples.push({ rtt: t1 - t0, offset: serverMs - (t0 + t1) / 2 });
      if (samples.length > OFFSET_SAMPLES) samples.shift();
      // The reply with the shortest round trip bounds the error best (NTP's filter, simplified).
      const best = samples.reduce((a, b) => (b.rtt < a.rtt ? b : a));
      const next = Math.round(best.offset);
      if (next !== offsetMs) {
        offsetMs = next;
        options.onServerTime?.(next);
      }
    }
    const wasDown = lastFailure !== null || !everConnected;
    everConnected = true;
    hbFailures = 0;
    lastFailure = null;
    // With a sealed result the hub grades only once it holds the whole journal (docs/hub.md).
    shipper.hubAck(reply.ackSeq, { rewind: outboxState.kind !== 'empty' });
    shipper.kick();
    if (wasDown) outbox.kick();
    runCommands(reply.commands);
    emit();
  }

  // ---- the live channel ----

  function ensureLive(): void {
    if (options.live === false || closed || retired || socket || liveRetryTimer !== null) return;
    socket = openLiveSocket(transport, `${attemptPath}/live`, token, {
      onOpen: () => {
        liveOpen = true;
        liveFailures = 0;
        emit();
      },
      onMessage: (json) => {
        const message = candidateDownSchema.safeParse(json);
        if (!message.success) return;
        const m = message.data;
        if (m.type === 'heartbeat-reply') settleLive(m.reply, null);
        else if (m.type === 'commands') runCommands(m.commands);
        else settleLive(null, new Error(m.error.message));
      },
      onClose: () => {
        socket = null;
        liveOpen = false;
        settleLive(null, new Error('the live channel closed'));
        if (closed) return;
        const delay = fullJitterDelay(liveFailures, LIVE_RECONNECT, clock.random);
        liveFailures++;
        liveRetryTimer = clock.setTimeout(() => {
          liveRetryTimer = null;
          ensureLive();
        }, Math.max(delay, 250));
        emit();
      },
    });
  }

  function liveHeartbeat(body: HeartbeatBody): Promise<HeartbeatReply> {
    return new Promise((resolve, reject) => {
      if (!socket?.send({ type: 'heartbeat', body })) {
        reject(new Error('the live channel is not open'));
        return;
      }
      const timer = clock.setTimeout(() => {
        settleLive(null, new Error('no reply on the live channel'));
        // A channel that does not answer is dead: reopen it.
        socket?.close();
        socket = null;
        liveOpen = false;
      }, LIVE_REPLY_TIMEOUT_MS);
      liveWaiter = { resolve, reject, timer };
    });
  }

  function settleLive(reply: HeartbeatReply | null, error: Error | null): void {
    const waiter = liveWaiter;
    if (!waiter) return;
    liveWaiter = null;
    clock.clearTimeout(waiter.timer);
    if (reply) waiter.resolve(reply);
    else waiter.reject(error ?? new Error('live heartbeat failed'));
  }

  // ---- commands ----

  function runCommands(commands: readonly HubCommand[]): void {
    for (const command of commands) {
      if (handled.has(command.id) || queued.has(command.id)) continue;
      queued.add(command.id);
      commandChain = commandChain.then(async () => {
        if (closed) return;
        try {
          await options.onCommand(command);
          handled.add(command.id);
          pendingAcks.add(command.id);
        } catch (error) {
          // Not journaled: it stays pending at the hub and is offered again with a later reply.
          options.onCommandError?.(command, error);
        } finally {
          queued.delete(command.id);
        }
      });
    }
  }

  return {
    async start() {
      if (started) return;
      started = true;
      await outbox.start();
      outboxState = outbox.state();
      emit();
      void beat();
    },
    enqueueResult: (result) => outbox.enqueue(result),
    notifyJournal() {
      shipper.kick();
    },
    setToken(next) {
      token = next;
      retired = false;
      socket?.close();
      socket = null;
      liveOpen = false;
      lastFailure = null;
      schedule(0);
      shipper.kick();
      outbox.kick();
    },
    status: currentStatus,
    ackSeq: () => shipper.ackSeq(),
    serverOffsetMs: () => offsetMs,
    receipt: () => (outboxState.kind === 'delivered' ? outboxState.receipt : null),
    async close() {
      closed = true;
      if (hbTimer !== null) clock.clearTimeout(hbTimer);
      if (liveRetryTimer !== null) clock.clearTimeout(liveRetryTimer);
      settleLive(null, new Error('closed'));
      socket?.close();
      socket = null;
      await shipper.close();
      await outbox.close();
      await commandChain;
      if (ownTransport) transport.close();
    },
  };
}
