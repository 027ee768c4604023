import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { checkReadOnlyQuery } from './statementCheck.js';
import { SQL_WORKER_SOURCE } from './sqlWorkerSource.js';

/**
 * Runs one read-only query on a fresh copy of a dataset (DESIGN 4: sql items). The only module
 * that loads sql.js. Queries run in a worker thread: sql.js exposes no progress handler or
 * interrupt, so a runaway query (an unbounded recursive CTE, a huge cross join) can only be
 * stopped by terminating the thread. The runner then starts a new worker for the next query.
 */

export type SqlValue = string | number | null;

export type SqlErrorKind =
  /** Refused before running: empty, several statements, not SELECT/WITH, or a statement that writes. */
  | 'rejected'
  /** SQLite reported an error (syntax, unknown table, ...). */
  | 'query'
  /** The query ran longer than timeoutMs and was stopped. */
  | 'timeout'
  /** The dataset itself failed to load (or took longer than DATASET_TIMEOUT_MS): the author's problem. */
  | 'dataset';

export type SqlRunResult =
  | {
      ok: true;
      columns: string[];
      rows: SqlValue[][];
      /** More rows existed than maxRows. */
      truncated: boolean;
      /** EXPLAIN QUERY PLAN detail lines, when asked for with `plan`. */
      plan?: string[];
    }
  | { ok: false; kind: SqlErrorKind; error: string };

export interface SqlRunOptions {
  /** Rows returned at most (default SQL_DISPLAY_MAX_ROWS, capped at SQL_MAX_ROWS). */
  maxRows?: number;
  /** Time the query may run once the dataset is loaded (default SQL_DEFAULT_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Also return the query's plan (EXPLAIN QUERY PLAN detail lines): sql keys with plan checks. */
  plan?: boolean;
}

export interface SqlRunner {
  /**
   * Resolves with query outcomes as data (including the candidate's errors and timeouts); rejects
   * only when the runner itself fails (a system error: the caller retries) or after close().
   */
  run(datasetSql: string, query: string, opts?: SqlRunOptions): Promise<SqlRunResult>;
  /** Stops the worker. Runs still queued reject. */
  close(): Promise<void>;
}

export const SQL_DISPLAY_MAX_ROWS = 1000;
/** Enough for any grading comparison; a query returning more is reported as truncated. */
export const SQL_MAX_ROWS = 100_000;
export const SQL_DEFAULT_TIMEOUT_MS = 5000;
/** Loading (and the first load of sql.js after a restart) has its own, generous limit. */
export const DATASET_TIMEOUT_MS = 60_000;
/** SQLite's heap in the worker (data, sorts, temporary tables); beyond it a query fails. */
export const SQL_HEAP_LIMIT_BYTES = 256 * 2 ** 20;
/** Dataset images kept in the worker: one per distinct dataset text. */
export const DATASET_CACHE_LIMIT = 16;

const workerMessageSchema = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ id: z.number(), phase: z.literal('query') }),
  z.object({ id: z.number(), fatal: z.string() }),
  z.object({
    id: z.number(),
    recycle: z.boolean(),
    result: z.union([
      z.object({
        ok: z.literal(true),
        columns: z.array(z.string()),
        rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
        truncated: z.boolean(),
        plan: z.array(z.string()).optional(),
      }),
      z.object({ ok: z.literal(false), kind: z.enum(['rejected', 'query', 'timeout', 'dataset']), error: z.string() }),
    ]),
  }),
]);

interface WorkerFiles {
  sqlJsPath: string;
  wasmBinary: Uint8Array;
}

function clampInt(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

/** Starts a worker and resolves once sql.js is loaded in it. */
function startWorker(files: WorkerFiles): Promise<Worker> {
  const worker = new Worker(SQL_WORKER_SOURCE, {
    eval: true,
    workerData: { sqlJsPath: files.sqlJsPath, wasmBinary: files.wasmBinary, cacheLimit: DATASET_CACHE_LIMIT, heapLimit: SQL_HEAP_LIMIT_BYTES },
  });
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: unknown) => {
      const parsed = workerMessageSchema.safeParse(message);
      if (parsed.success && 'ready' in parsed.data) {
        cleanup();
        // An idle worker must not keep the process alive; run() refs it while a query is out.
        worker.unref();
        resolve(worker);
      }
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new Error(`sql runner failed to start: ${error.message}`));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`sql runner exited while starting (code ${code})`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

export async function createSqlRunner(): Promise<SqlRunner> {
  const require = createRequire(import.meta.url);
  const files: WorkerFiles = {
    sqlJsPath: require.resolve('sql.js'),
    wasmBinary: new Uint8Array(await readFile(require.resolve('sql.js/dist/sql-wasm.wasm'))),
  };

  let worker: Worker | null = null;
  let closed = false;
  let nextId = 1;
  // One query at a time: the worker is single-threaded anyway, and a timeout kills the whole worker.
  let queue: Promise<unknown> = Promise.resolve();

  const discard = (w: Worker) => {
    if (worker === w) worker = null;
  };
  // Runs are serialised by `queue`, so two runs never start workers at once.
  const workerFor = async (): Promise<Worker> => {
    if (worker) return worker;
    const started = await startWorker(files);
    // A worker that dies between runs is replaced on the next run.
    started.on('error', () => discard(started));
    started.on('exit', () => discard(started));
    worker = started;
    return started;
  };
  // Load sql.js now, so a broken install fails here rather than in the first run.
  await workerFor();

  const execute = async (datasetSql: string, query: string, maxRows: number, timeoutMs: number, plan: boolean): Promise<SqlRunResult> => {
    const worker = await workerFor();
    const id = nextId++;
    return new Promise<SqlRunResult>((resolve, reject) => {
      let timer: NodeJS.Timeout;
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.unref();
      };
      const kill = () => {
        discard(worker);
        void worker.terminate();
      };
      const onTimeout = (phase: 'dataset' | 'query') => {
        cleanup();
        kill();
        resolve(
          phase === 'query'
            ? { ok: false, kind: 'timeout', error: `the query ran longer than ${timeoutMs} ms and was stopped` }
            : { ok: false, kind: 'dataset', error: `the dataset took longer than ${DATASET_TIMEOUT_MS} ms to load` },
        );
      };
      const onMessage = (message: unknown) => {
        const parsed = workerMessageSchema.safeParse(message);
        if (!parsed.success) {
          cleanup();
          kill();
          reject(new Error(`sql runner sent an unexpected message: ${parsed.error.message}`));
          return;
        }
        const m = parsed.data;
        if (!('id' in m) || m.id !== id) return;
        if ('phase' in m) {
          clearTimeout(timer);
          timer = setTimeout(() => onTimeout('query'), timeoutMs);
          return;
        }
        cleanup();
        if ('fatal' in m) {
          kill();
          reject(new Error(`sql runner failed: ${m.fatal}`));
          return;
        }
        if (m.recycle) kill();
        resolve(m.result);
      };
      const onError = (error: Error) => {
        cleanup();
        kill();
        reject(new Error(`sql runner crashed: ${error.message}`));
      };
      const onExit = (code: number) => {
        cleanup();
        discard(worker);
        reject(new Error(`sql runner exited (code ${code})`));
      };
      timer = setTimeout(() => onTimeout('dataset'), DATASET_TIMEOUT_MS);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.ref();
      worker.postMessage({ id, datasetSql, query, maxRows, plan });
    });
  };

  return {
    run(datasetSql, query, opts = {}) {
      if (closed) return Promise.reject(new Error('sql runner is closed'));
      const check = checkReadOnlyQuery(query);
      if (!check.ok) return Promise.resolve({ ok: false, kind: 'rejected', error: check.error });
      const maxRows = clampInt(opts.maxRows, SQL_DISPLAY_MAX_ROWS, 1, SQL_MAX_ROWS);
      const timeoutMs = clampInt(opts.timeoutMs, SQL_DEFAULT_TIMEOUT_MS, 1, 10 * 60_000);
      const result = queue.then(() => {
        if (closed) throw new Error('sql runner is closed');
        return execute(datasetSql, query, maxRows, timeoutMs, opts.plan === true);
      });
      // The queue only orders runs; each caller sees its own outcome (or error) through `result`.
      queue = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
