import { eventsReplySchema } from '../../../shared/hub/events.js';
import { EVENT_BATCH_MAX_BYTES, EVENT_BATCH_MAX_ENTRIES, HUB_API_PREFIX } from '../../../shared/hub/limits.js';
import type { JournalEntry } from '../../../shared/journal.js';
import { fullJitterDelay, UPLOAD_BACKOFF, type BackoffPolicy } from './backoff.js';
import { HubRequestError, replyMessage, type HubTransport } from './hubTransport.js';
import type { SyncClock } from './syncClock.js';

/**
 * Ships the journal to the hub in seq order, from the hub's acknowledged seq (learnt from heartbeat
 * replies, so a restarted client does not resend what the hub has). Batches stay under
 * EVENT_BATCH_MAX_ENTRIES and EVENT_BATCH_MAX_BYTES. Network failures and 429/5xx back off with
 * full jitter; a 409 that names an earlier ackSeq (the hub lacks entries) rewinds and resends; any
 * other 409, or 400/401/403/404/413, stops shipping until `kick()` and is reported.
 */
export interface JournalSource {
  /** Entries with seq > `seq`, in order (may be empty). */
  entriesAfter(seq: number): readonly JournalEntry[] | Promise<readonly JournalEntry[]>;
}

export type ShipperState =
  | { kind: 'idle'; ackSeq: number }
  | { kind: 'waiting'; ackSeq: number; retryInMs: number; detail: string }
  | { kind: 'failed'; ackSeq: number; status: number; detail: string };

export interface EventShipperOptions {
  transport: HubTransport;
  attemptId: string;
  token: () => string;
  journal: JournalSource;
  clock: SyncClock;
  backoff?: BackoffPolicy;
  onState?: (state: ShipperState) => void;
}

export interface EventShipper {
  /**
   * The hub holds entries up to `seq` (from a heartbeat reply). `rewind`: believe a lower seq too
   * and resend from there (a sealed result waits on the hub until it holds the whole journal).
   */
  hubAck(seq: number, opts?: { rewind?: boolean }): void;
  ackSeq(): number;
  /** Ship now (new entries, the hub is back). */
  kick(): void;
  /** Ships until caught up or failing; resolves true when the hub has everything there was. */
  flush(): Promise<boolean>;
  state(): ShipperState;
  close(): Promise<void>;
}

export function createEventShipper(options: EventShipperOptions): EventShipper {
  const { transport, clock } = options;
  const backoff = options.backoff ?? UPLOAD_BACKOFF;
  let ackSeq = 0;
  let known = false;
  let tries = 0;
  let state: ShipperState = { kind: 'idle', ackSeq: 0 };
  let running: Promise<boolean> | null = null;
  let retryTimer: unknown = null;
  let closed = false;

  const setState = (next: ShipperState) => {
    state = next;
    options.onState?.(next);
  };

  async function shipOnce(): Promise<boolean> {
    for (;;) {
      if (closed) return false;
      let all: readonly JournalEntry[];
      try {
        all = await options.journal.entriesAfter(ackSeq);
      } catch (error) {
        // The journal could not be read now (a storage error): try again later.
        retryLater(`cannot read the journal: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }
      if (all.length === 0) {
        setState({ kind: 'idle', ackSeq });
        return true;
      }
      const batch: JournalEntry[] = [];
      let bytes = 0;
      for (const entry of all) {
        const size = JSON.stringify(entry).length + 1;
        if (batch.length > 0 && (batch.length >= EVENT_BATCH_MAX_ENTRIES || bytes + size > EVENT_BATCH_MAX_BYTES)) break;
        batch.push(entry);
        bytes += size;
      }
      const first = batch[0] as JournalEntry;
      let detail: string;
      try {
        const res = await transport.request('POST', `${HUB_API_PREFIX}/attempts/${encodeURIComponent(options.attemptId)}/events`, {
          token: options.token(),
          body: { entries: batch },
        });
        const reply = eventsReplySchema.safeParse(res.json);
        if (res.status === 200 && reply.success) {
          ackSeq = Math.max(ackSeq, reply.data.ackSeq);
          known = true;
          tries = 0;
          continue;
        }
        const hubAckSeq = (res.json as { details?: { ackSeq?: unknown } } | undefined)?.details?.ackSeq;
        if (res.status === 409 && typeof hubAckSeq === 'number' && hubAckSeq < first.seq - 1) {
          // The hub holds less than we thought: resend from where it is.
          ackSeq = hubAckSeq;
          continue;
        }
        if (res.status === 429 || res.status >= 500 || res.status === 200) {
          detail = `the hub answered ${res.status}: ${replyMessage(res)}`;
        } else {
          setState({ kind: 'failed', ackSeq, status: res.status, detail: `the hub refused journal entries from seq ${first.seq} (${res.status}): ${replyMessage(res)}` });
          return false;
        }
      } catch (error) {
        detail = error instanceof HubRequestError ? error.message : `shipping failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      retryLater(detail);
      return false;
    }
  }

  function retryLater(detail: string): void {
    const delay = fullJitterDelay(tries, backoff, clock.random);
    tries++;
    setState({ kind: 'waiting', ackSeq, retryInMs: delay, detail });
    retryTimer = clock.setTimeout(() => {
      retryTimer = null;
      void start();
    }, delay);
  }

  function start(): Promise<boolean> {
    if (closed) return Promise.resolve(false);
    if (!known) return Promise.resolve(false);
    if (running) return running;
    if (retryTimer !== null) {
      clock.clearTimeout(retryTimer);
      retryTimer = null;
    }
    running = shipOnce().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    hubAck(seq, opts) {
      // The hub's word only moves the start forward; a hub that lost entries says so with a 409,
      // but only to a batch: once a result is sealed, a lower seq is believed too (resending what
      // the hub holds is idempotent), so an idle shipper still completes the hub's copy.
      ackSeq = known && !opts?.rewind ? Math.max(ackSeq, seq) : seq;
      known = true;
    },
    ackSeq: () => ackSeq,
    kick() {
      if (state.kind === 'waiting') tries = 0;
      void start();
    },
    flush: () => start(),
    state: () => state,
    async close() {
      closed = true;
      if (retryTimer !== null) clock.clearTimeout(retryTimer);
      await running;
    },
  };
}
