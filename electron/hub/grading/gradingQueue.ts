import { allItems } from '../../../shared/exam/examSchema.js';
import type { GradedResult } from '../../../shared/grading/resultSchema.js';
import { gradeAttempt, type CodingGrader } from '../../core/grading/gradeAttempt.js';
import type { ExamPackage } from '../../core/package/types.js';
import { createSqlRunner, type SqlRunner } from '../../core/sql/sqlRunner.js';
import type { HubStore } from '../store/hubStore.js';

/**
 * Grades received results with the grading package, one at a time, in the background. The queue
 * is the store's `grading_jobs` table: a result and its job commit together, a job is claimed with
 * a lease (on PostgreSQL with SKIP LOCKED, so any replica can grade and two never grade the same
 * one), and a job whose grader died is claimed again once its lease ends. A system error (the SQL
 * runner or the coding grader failing) is recorded and the job is tried again later with backoff;
 * the result itself is never touched. Candidate mistakes are grades, not errors (gradeAttempt).
 */
export interface GradingDeps {
  /** Created on first use (and closed with the queue) when not given. */
  sql?: SqlRunner;
  coding?: CodingGrader;
}

export interface GradingQueueOptions {
  store: HubStore;
  /** The grading package of an attempt (its sitting's). */
  packageOf(attemptId: string): Promise<ExamPackage>;
  /** The SQL runner for every package; the coding grader for one (it runs that package's tests). */
  deps: { sql?: SqlRunner; coding?: (pkg: ExamPackage) => CodingGrader | undefined };
  /** Names this process in the job's claim. */
  worker: string;
  now: () => number;
  onGraded(attemptId: string, graded: GradedResult): void;
  onError(attemptId: string, message: string): void;
  /** First retry delay; doubles up to retryCapMs. */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** How long a claimed job is this worker's before another may take it over. */
  leaseMs?: number;
  /** How often the table is looked at for jobs queued elsewhere (another replica) or due again. */
  pollMs?: number;
  log?: (line: string) => void;
}

export interface GradingQueue {
  /** A job was queued (by this process): look now rather than at the next poll. */
  enqueue(attemptId: string): void;
  /** Looks for ready jobs now (at start: jobs left queued, or claimed by a process that died). */
  wake(): void;
  /** Resolves when no job is ready or running here (retries waiting for their time do not count). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createGradingQueue(options: GradingQueueOptions): GradingQueue {
  const { store } = options;
  const retryBaseMs = options.retryBaseMs ?? 5000;
  const retryCapMs = options.retryCapMs ?? 5 * 60 * 1000;
  const leaseMs = options.leaseMs ?? 10 * 60 * 1000;
  const failures = new Map<string, number>();
  let running: Promise<void> | null = null;
  let again = false;
  let ownSql: Promise<SqlRunner> | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  const idleWaiters: Array<() => void> = [];
  const iso = (ms: number) => new Date(ms).toISOString();

  const sqlRunner = (): Promise<SqlRunner> => {
    if (options.deps.sql) return Promise.resolve(options.deps.sql);
    ownSql ??= createSqlRunner().catch((error: unknown) => {
      ownSql = null; // the next try starts a new runner
      throw error;
    });
    return ownSql;
  };

  async function gradeOne(attemptId: string): Promise<void> {
    const stored = await store.readResult(attemptId);
    if (!stored) throw new Error(`no stored result for ${attemptId}`);
    const pkg = await options.packageOf(attemptId);
    const coding = options.deps.coding?.(pkg);
    const codingItems = allItems(pkg.exam)
      .map(({ item }) => item)
      .filter((item) => item.type === 'coding');
    const answers: Record<string, unknown> = { ...stored.result.answers };
    if (coding) {
      for (const item of codingItems) {
        const ws = stored.result.workspaces[item.id];
        if (!ws) continue;
        // The candidate's own path means nothing here: grade the workspace the result carries. The
        // coding grader checks the SHA-256 and unpacks it safely into its own sandboxed copy.
        const language = stored.result.languages?.[item.id];
        answers[item.id] = { archive: ws.archive, sha256: ws.sha256, ...(language ? { language } : {}) };
      }
    }
    // The form sealed in the result: exactly the items this candidate was shown (DESIGN 13).
    const graded = await gradeAttempt(pkg, answers, { sql: await sqlRunner(), coding }, stored.result.form);
    await store.putGraded(attemptId, graded, iso(options.now()));
    options.onGraded(attemptId, graded);
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      while (!closed) {
        const now = options.now();
        const attemptId = await store.claimGradingJob(options.worker, iso(now), iso(now + leaseMs));
        if (attemptId === null) break;
        try {
          await gradeOne(attemptId);
          failures.delete(attemptId);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const n = (failures.get(attemptId) ?? 0) + 1;
          failures.set(attemptId, n);
          const delay = Math.min(retryCapMs, retryBaseMs * 2 ** (n - 1));
          options.log?.(`grading ${attemptId} failed (try ${n}, again in ${Math.round(delay / 1000)} s): ${message}`);
          await store.gradingFailed(attemptId, message, iso(options.now() + delay));
          options.onError(attemptId, message);
        }
      }
    } while (again && !closed);
    running = null;
    for (const resolve of idleWaiters.splice(0)) resolve();
    if (!closed) await schedule();
  }

  /** Wakes at the next job's time (a retry) or at the next poll, whichever comes first. */
  async function schedule(): Promise<void> {
    if (timer) clearTimeout(timer);
    const next = await store.nextGradingJobAt();
    const pollMs = options.pollMs ?? 5000;
    const untilNext = next === null ? pollMs : Math.max(0, Date.parse(next) - options.now());
    if (closed) return;
    timer = setTimeout(kick, Math.min(pollMs, untilNext));
    timer.unref();
  }

  function kick(): void {
    timer = null;
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = drain().catch((error: unknown) => {
      running = null;
      for (const resolve of idleWaiters.splice(0)) resolve();
      options.log?.(`grading: cannot read the job queue: ${error instanceof Error ? error.message : String(error)}`);
      if (!closed) {
        timer = setTimeout(kick, options.pollMs ?? 5000);
        timer.unref();
      }
    });
  }

  return {
    enqueue: () => kick(),
    wake: () => kick(),
    idle() {
      if (running === null) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      if (ownSql) await (await ownSql).close();
    },
  };
}
