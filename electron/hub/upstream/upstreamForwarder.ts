import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { VigilError } from '../../../shared/errors.js';
import { heartbeatReplySchema } from '../../../shared/hub/heartbeat.js';
import { HUB_API_PREFIX } from '../../../shared/hub/limits.js';
import type { JournalEntry } from '../../../shared/journal.js';
import { fullJitterDelay, UPLOAD_BACKOFF } from '../../core/sync/backoff.js';
import { enroll } from '../../core/sync/enroll.js';
import { createEventShipper, type EventShipper } from '../../core/sync/eventShipper.js';
import { createHubTransport, HubRequestError, type HubTransport } from '../../core/sync/hubTransport.js';
import { createResultOutbox, type OutboxState, type ResultOutbox } from '../../core/sync/resultOutbox.js';
import type { SyncClock } from '../../core/sync/syncClock.js';
import { mkdirDurable, writeFileDurable } from '../../base/fsyncWrite.js';
import { errnoCode } from '../../base/storeFs.js';
import type { LiveBoard } from '../live/liveBoard.js';
import type { HubStore } from '../store/hubStore.js';

/**
 * Forwarding to an upstream hub (`--upstream URL`, DESIGN 8: assessment center -> central), with
 * the same protocol a candidate uses: each attempt is enrolled upstream with the candidate's own
 * device key, candidate id and proof (the attempt id is derived from them, so it is the same
 * upstream, and the device-signed result verifies there unchanged); journal entries follow in
 * order; the result goes through its own durable outbox per attempt in `<data>/upstream/<id>/`.
 * The upstream's token is kept there too, so a restart does not need to enroll again.
 *
 * Not forwarded: heartbeats beyond one to learn where the upstream's journal copy ends (the
 * upstream dashboard shows journal and results, not live status), and commands issued upstream
 * (commands come from the proctors in the room, on this hub).
 */
export interface UpstreamOptions {
  url: string;
  /** The upstream's access code (default: this hub's). */
  accessCode: string;
  fingerprint?: string;
  dataDir: string;
  store: HubStore;
  live: LiveBoard;
  clock: SyncClock;
  log: (line: string) => void;
  /** How often every attempt is checked for work (a failed enrollment, an upstream that was down). */
  sweepMs?: number;
}

export interface UpstreamStatus {
  attemptId: string;
  enrolled: boolean;
  ackSeq: number;
  result: OutboxState['kind'];
  detail: string | null;
}

export interface UpstreamForwarder {
  start(): Promise<void>;
  enrolled(attemptId: string): void;
  events(attemptId: string, entries: readonly JournalEntry[]): void;
  result(attemptId: string): void;
  status(): UpstreamStatus[];
  close(): Promise<void>;
}

const credentialsSchema = z.strictObject({ attemptId: z.string(), token: z.string() });

interface Forward {
  attemptId: string;
  dir: string;
  token: string | null;
  shipper: EventShipper | null;
  outbox: ResultOutbox | null;
  /** Entries not yet acknowledged upstream, oldest first (null until loaded from the store). */
  backlog: JournalEntry[] | null;
  busy: Promise<void> | null;
  failures: number;
  notBefore: number;
  detail: string | null;
}

export function createUpstreamForwarder(options: UpstreamOptions): UpstreamForwarder {
  const transport: HubTransport = createHubTransport({ hubUrl: options.url, fingerprint: options.fingerprint });
  const forwards = new Map<string, Forward>();
  const root = join(options.dataDir, 'upstream');
  let sweepTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const get = (attemptId: string): Forward => {
    let f = forwards.get(attemptId);
    if (!f) {
      f = { attemptId, dir: join(root, attemptId), token: null, shipper: null, outbox: null, backlog: null, busy: null, failures: 0, notBefore: 0, detail: null };
      forwards.set(attemptId, f);
    }
    return f;
  };

  function pump(f: Forward): void {
    if (closed || f.busy || options.clock.now() < f.notBefore) return;
    f.busy = step(f)
      .then(
        () => {
          f.failures = 0;
          f.detail = null;
        },
        (error: unknown) => {
          const delay = fullJitterDelay(f.failures, UPLOAD_BACKOFF, options.clock.random);
          f.failures++;
          f.notBefore = options.clock.now() + delay;
          f.detail = error instanceof Error ? error.message : String(error);
          if (f.failures === 1 || f.failures % 20 === 0) options.log(`upstream: attempt ${f.attemptId}: ${f.detail} (retrying)`);
        },
      )
      .finally(() => {
        f.busy = null;
      });
  }

  async function step(f: Forward): Promise<void> {
    const a = await options.store.attempt(f.attemptId);
    if (!a) return;
    if (f.token === null) await enrollUpstream(f);
    if (!f.shipper) {
      f.backlog ??= await options.store.readEvents(f.attemptId);
      f.shipper = createEventShipper({
        transport,
        attemptId: f.attemptId,
        token: () => f.token ?? '',
        journal: {
          entriesAfter: async (seq) => {
            let backlog = (f.backlog ?? []).filter((e) => e.seq > seq);
            // The cache missed entries (they arrived while it was being loaded): read the store.
            const held = (await options.store.attempt(f.attemptId))?.lastSeq ?? 0;
            if (held > (backlog.at(-1)?.seq ?? seq)) backlog = (await options.store.readEvents(f.attemptId)).filter((e) => e.seq > seq);
            f.backlog = backlog;
            return backlog;
          },
        },
        clock: options.clock,
        onState: (s) => {
          if (s.kind === 'failed') options.log(`upstream: attempt ${f.attemptId}: ${s.detail}`);
        },
      });
      // Where does the upstream's copy of the journal end? One heartbeat says so.
      const e = a.enrollment;
      const live = options.live.get(f.attemptId)?.live ?? null;
      const res = await transport.request('POST', `${HUB_API_PREFIX}/attempts/${f.attemptId}/heartbeats`, {
        token: f.token ?? '',
        body: {
          state: live?.state ?? a.journalState ?? 'checked-in',
          answered: live?.answered ?? 0,
          remainingMs: live?.remainingMs ?? 0,
          lastSavedAt: live?.lastSavedAt ?? null,
          journalSeq: a.lastSeq,
        },
      });
      const reply = heartbeatReplySchema.safeParse(res.json);
      if (res.status !== 200 || !reply.success) {
        f.shipper = null;
        throw new VigilError('unavailable', `the upstream did not accept a heartbeat for ${e.candidateId} (${res.status})`);
      }
      f.shipper.hubAck(reply.data.ackSeq);
    }
    // A refusal retrying cannot fix waits for new entries or a new result, not for every sweep.
    if (f.shipper.state().kind !== 'failed') f.shipper.kick();
    if (!f.outbox) {
      f.outbox = createResultOutbox({
        dir: join(f.dir, 'outbox'),
        transport,
        attemptId: f.attemptId,
        token: () => f.token ?? '',
        clock: options.clock,
        beforeUpload: async () => {
          await f.shipper?.flush();
        },
        onState: (s) => {
          if (s.kind === 'failed') options.log(`upstream: result of ${f.attemptId}: ${s.detail}`);
        },
      });
      await f.outbox.start();
    }
    if (a.result && f.outbox.state().kind === 'empty') {
      const stored = await options.store.readResult(f.attemptId);
      if (stored) await f.outbox.enqueue(stored.result);
    }
    if (f.outbox.state().kind !== 'failed') f.outbox.kick();
  }

  async function enrollUpstream(f: Forward): Promise<void> {
    const file = join(f.dir, 'credentials.json');
    const saved = await readCredentials(file);
    if (saved) {
      f.token = saved.token;
      return;
    }
    const a = await options.store.attempt(f.attemptId);
    if (!a) return;
    const e = a.enrollment;
    let reply;
    try {
      reply = await enroll(
        options.url,
        {
          accessCode: options.accessCode,
          candidateId: e.candidateId,
          candidateName: e.candidateName,
          devicePublicKey: e.devicePublicKey,
          deviceInfo: e.deviceInfo,
          ...(e.proof ? { proof: e.proof } : {}),
        },
        { transport },
      );
    } catch (error) {
      if (error instanceof HubRequestError) throw new VigilError('unavailable', error.message);
      throw error;
    }
    if (reply.attemptId !== f.attemptId) {
      throw new VigilError('conflict', `the upstream gave attempt ${reply.attemptId} for ${f.attemptId}: it serves another exam version (${reply.examId} ${reply.examVersion})`);
    }
    await mkdirDurable(f.dir);
    await writeFileDurable(file, JSON.stringify({ attemptId: reply.attemptId, token: reply.token }));
    f.token = reply.token;
  }

  return {
    async start() {
      for (const a of await options.store.attempts()) pump(get(a.enrollment.attemptId));
      sweepTimer = setInterval(() => {
        for (const f of forwards.values()) pump(f);
        options.store.attempts().then(
          (all) => {
            for (const a of all) if (!forwards.has(a.enrollment.attemptId)) pump(get(a.enrollment.attemptId));
          },
          (error: unknown) => options.log(`upstream: cannot list attempts: ${error instanceof Error ? error.message : String(error)}`),
        );
      }, options.sweepMs ?? 5000);
      sweepTimer.unref();
    },
    enrolled(attemptId) {
      pump(get(attemptId));
    },
    events(attemptId, entries) {
      const f = get(attemptId);
      const last = f.backlog?.at(-1)?.seq;
      if (f.backlog && (last === undefined || entries[0]?.seq === last + 1)) f.backlog.push(...entries);
      if (f.shipper) f.shipper.kick();
      else pump(f);
    },
    result(attemptId) {
      const f = get(attemptId);
      f.notBefore = 0;
      if (f.outbox && f.outbox.state().kind === 'empty') {
        void options.store.readResult(attemptId).then(async (stored) => {
          if (stored) await f.outbox?.enqueue(stored.result);
        }).catch((error: unknown) => options.log(`upstream: cannot queue the result of ${attemptId}: ${String(error)}`));
      } else pump(f);
    },
    status() {
      return [...forwards.values()].map((f) => ({
        attemptId: f.attemptId,
        enrolled: f.token !== null,
        ackSeq: f.shipper?.ackSeq() ?? 0,
        result: f.outbox?.state().kind ?? 'empty',
        detail: f.detail,
      }));
    },
    async close() {
      closed = true;
      if (sweepTimer) clearInterval(sweepTimer);
      for (const f of forwards.values()) {
        await f.busy;
        await f.shipper?.close();
        await f.outbox?.close();
      }
      transport.close();
    },
  };
}

async function readCredentials(file: string): Promise<z.infer<typeof credentialsSchema> | null> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
  const parsed = credentialsSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}
