import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { canonicalJson } from '../../../shared/canonicalJson.js';
import { describeZodError, VigilError } from '../../../shared/errors.js';
import { gradedResultSchema, type GradedResult } from '../../../shared/grading/resultSchema.js';
import { heartbeatSchema } from '../../../shared/hub/heartbeat.js';
import { hubIdSchema } from '../../../shared/hub/ids.js';
import type { JournalEntry } from '../../../shared/journal.js';
import { resultSchema } from '../../../shared/result.js';
import { writeFileOnce } from '../../core/device/writeFileOnce.js';
import { acquireAttemptLock, type AttemptLock } from '../../core/store/attemptLock.js';
import { mkdirDurable, writeFileDurable } from '../../core/store/fsyncWrite.js';
import { toStorageError } from '../../core/store/storageError.js';
import { errnoCode } from '../../core/store/storeFs.js';
import { hubRecordSchema, resultMetaSchema } from './hubRecords.js';
import type { HubIdentity, HubStore, LiveStatus, LoadedHub, StoreDamage, StoredResult } from './hubStore.js';
import { WalLog, type WalPosition } from './walLog.js';
import { readJsonIfExists as readJson } from '../../core/store/readJsonIfExists.js';

/**
 * The file-system HubStore. Layout of the data folder:
 *
 *   hub.json              identity: hub id, receipt key (mode 0600), the exam it serves
 *   attempt.lock          single-writer lock (one hub per data folder)
 *   log/NNNNNN.jsonl      the write-ahead log: enrollments, journal entries, commands, acks,
 *                         manual grades, result records (group-committed, see walLog.ts)
 *   results/<id>.json     each result as received, with its receipt (written once, durably)
 *   graded/<id>.json      the automatic grading of each result
 *   live.json             snapshot of the candidates' live status (not acknowledged data)
 *   work/<id>/            scratch: coding workspaces extracted for grading
 *   quarantine/           damaged bytes set aside, never deleted
 */
export const HUB_FILE = 'hub.json';

const hubFileSchema = z.strictObject({
  format: z.literal('vigil-hub/1'),
  hubId: hubIdSchema,
  receiptKey: z.base64(),
  examId: z.string(),
  examVersion: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});

const storedResultFileSchema = z.strictObject({ meta: resultMetaSchema, result: resultSchema });
const liveStatusSchema = heartbeatSchema.omit({ ackCommands: true }).extend({ at: z.iso.datetime({ offset: true }) });
const liveFileSchema = z.strictObject({ savedAt: z.string(), attempts: z.record(hubIdSchema, liveStatusSchema) });

export interface FsHubStoreOptions {
  dataDir: string;
  segmentBytes?: number;
}

export function createFsHubStore(options: FsHubStoreOptions): HubStore {
  const { dataDir } = options;
  const paths = {
    hub: join(dataDir, HUB_FILE),
    log: join(dataDir, 'log'),
    results: join(dataDir, 'results'),
    graded: join(dataDir, 'graded'),
    live: join(dataDir, 'live.json'),
    quarantine: join(dataDir, 'quarantine'),
  };
  let wal: WalLog | null = null;
  let lock: AttemptLock | null = null;
  const eventPositions = new Map<string, WalPosition[]>();
  const damage: StoreDamage[] = [];

  const requireWal = (): WalLog => {
    if (!wal) throw new VigilError('internal', 'the hub store is not open');
    return wal;
  };

  const safeId = (attemptId: string): string => {
    // Ids come from the hub itself, but a path is never built from a name that was not checked.
    if (!hubIdSchema.safeParse(attemptId).success) throw new VigilError('internal', `not an attempt id: ${JSON.stringify(attemptId)}`);
    return attemptId;
  };

  return {
    async open(exam, onRecord) {
      await mkdirDurable(dataDir);
      try {
        lock = await acquireAttemptLock(dataDir, 'hub');
      } catch (error) {
        if (error instanceof VigilError && error.code === 'storage') {
          throw new VigilError('storage', `the data folder ${dataDir} is in use by another hub (${error.message})`, error.details);
        }
        throw error;
      }
      try {
        const identity = await loadIdentity(paths.hub, exam);
        for (const dir of [paths.results, paths.graded]) await mkdirDurable(dir);
        const recorded = new Set<string>();
        wal = await WalLog.open(
          {
            dir: paths.log,
            quarantineDir: paths.quarantine,
            segmentBytes: options.segmentBytes,
            onDamage: (d) => damage.push({ what: `log segment ${d.segment} at byte ${d.offset}`, detail: `${d.reason}; copied to ${d.quarantined}` }),
          },
          (raw, position) => {
            const parsed = hubRecordSchema.safeParse(raw);
            if (!parsed.success) {
              damage.push({ what: `log segment ${position.segment} at byte ${position.offset}`, detail: `not a hub record: ${describeZodError('record', parsed.error).message}` });
              return;
            }
            const record = parsed.data;
            if (record.k === 'events') indexEvents(record.attemptId, position);
            if (record.k === 'result') recorded.add(record.attemptId);
            onRecord(record);
          },
        );
        const recoveredResults: LoadedHub['recoveredResults'] = [];
        for (const name of await listJson(paths.results)) {
          const attemptId = name.slice(0, -'.json'.length);
          if (recorded.has(attemptId) || !hubIdSchema.safeParse(attemptId).success) continue;
          // The file was stored but the crash came before its record: the upload was never
          // acknowledged, but the hub holds it, so it counts (a retry gets the same receipt).
          const stored = await readResultFile(join(paths.results, name));
          if (stored) recoveredResults.push({ attemptId, meta: stored.meta });
        }
        const graded = new Map<string, GradedResult>();
        for (const name of await listJson(paths.graded)) {
          const file = join(paths.graded, name);
          const parsed = gradedResultSchema.safeParse(await readJson(file));
          if (parsed.success) graded.set(name.slice(0, -'.json'.length), parsed.data);
          else damage.push({ what: file, detail: 'not a graded result; the attempt is graded again' });
        }
        return { identity, live: await readLive(paths.live), graded, recoveredResults };
      } catch (error) {
        await wal?.close();
        wal = null;
        await lock.release();
        lock = null;
        throw error;
      }
    },

    async append(records) {
      const positions = await requireWal().append(records.map((r) => JSON.stringify(r)));
      records.forEach((record, i) => {
        if (record.k === 'events') indexEvents(record.attemptId, positions[i] as WalPosition);
      });
    },

    async readEvents(attemptId) {
      const log = requireWal();
      const out: JournalEntry[] = [];
      for (const position of eventPositions.get(attemptId) ?? []) {
        const record = hubRecordSchema.parse(JSON.parse(await log.read(position)));
        if (record.k === 'events') out.push(...record.entries);
      }
      return out;
    },

    async putResult(attemptId, stored) {
      await writeFileDurable(join(paths.results, `${safeId(attemptId)}.json`), JSON.stringify(stored));
    },

    async readResult(attemptId) {
      return readResultFile(join(paths.results, `${safeId(attemptId)}.json`));
    },

    async putGraded(attemptId, graded) {
      await writeFileDurable(join(paths.graded, `${safeId(attemptId)}.json`), `${JSON.stringify(graded, null, 2)}\n`);
    },

    async saveLive(live) {
      await writeFileDurable(paths.live, JSON.stringify({ savedAt: new Date().toISOString(), attempts: live }));
    },

    damage() {
      return damage.slice();
    },

    async close() {
      await wal?.close();
      wal = null;
      await lock?.release();
      lock = null;
    },
  };

  function indexEvents(attemptId: string, position: WalPosition): void {
    let list = eventPositions.get(attemptId);
    if (!list) eventPositions.set(attemptId, (list = []));
    list.push(position);
  }

  async function readResultFile(file: string): Promise<StoredResult | null> {
    const json = await readJson(file);
    if (json === undefined) return null;
    const parsed = storedResultFileSchema.safeParse(json);
    if (!parsed.success) throw new VigilError('storage', `${file} is damaged: ${describeZodError('result', parsed.error).message}`, { file });
    return parsed.data;
  }
}

async function loadIdentity(path: string, exam: { examId: string; examVersion: string }): Promise<HubIdentity> {
  let json = await readJson(path);
  if (json === undefined) {
    const file = {
      format: 'vigil-hub/1' as const,
      hubId: `h${randomBytes(9).toString('base64url')}`,
      receiptKey: randomBytes(32).toString('base64'),
      examId: exam.examId,
      examVersion: exam.examVersion,
      createdAt: new Date().toISOString(),
    };
    // Written once: two hubs racing on a fresh folder must not end up with two receipt keys.
    await writeFileOnce(path, `${canonicalJson(file)}\n`);
    json = await readJson(path);
  }
  const parsed = hubFileSchema.safeParse(json);
  if (!parsed.success) throw new VigilError('storage', `${path} is damaged: ${describeZodError('hub', parsed.error).message}`, { file: path });
  const f = parsed.data;
  if (f.examId !== exam.examId || f.examVersion !== exam.examVersion) {
    throw new VigilError(
      'conflict',
      `the data folder belongs to exam ${f.examId} ${f.examVersion}, not ${exam.examId} ${exam.examVersion}: use another --data folder for another exam`,
      { file: path },
    );
  }
  return { hubId: f.hubId, receiptKey: Buffer.from(f.receiptKey, 'base64'), examId: f.examId, examVersion: f.examVersion, createdAt: f.createdAt };
}


async function readLive(file: string): Promise<Record<string, LiveStatus>> {
  let json: unknown;
  try {
    json = await readJson(file);
  } catch (error) {
    // Live status is a convenience snapshot: a damaged one is ignored, heartbeats refill it.
    if (error instanceof VigilError) return {};
    throw error;
  }
  const parsed = liveFileSchema.safeParse(json);
  return parsed.success ? parsed.data.attempts : {};
}

async function listJson(dir: string): Promise<string[]> {
  try {
    return (await fsp.readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw toStorageError(error, 'list', dir);
  }
}
