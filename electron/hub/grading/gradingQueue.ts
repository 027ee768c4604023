import { allItems } from '../../../shared/exam/examSchema.js';
import type { GradedResult } from '../../../shared/grading/resultSchema.js';
import { gradeAttempt, type CodingGrader } from '../../core/grading/gradeAttempt.js';
import type { ExamPackage } from '../../core/package/types.js';
import { createSqlRunner, type SqlRunner } from '../../core/sql/sqlRunner.js';
import type { HubStore } from '../store/hubStore.js';

/**
 * Grades received results with the grading package, one at a time, in the background. A system
 * error (the SQL runner or the coding grader failing, a disk error) is recorded and the attempt is
 * tried again later with backoff; the result itself is never touched. Candidate mistakes are
 * grades, not errors (gradeAttempt's contract).
 */
export interface GradingDeps {
  /** Created on first use (and closed with the queue) when not given. */
  sql?: SqlRunner;
  coding?: CodingGrader;
}

export interface GradingQueueOptions {
  pkg: ExamPackage;
  store: HubStore;
  deps: GradingDeps;
  onGraded(attemptId: string, graded: GradedResult): void;
  onError(attemptId: string, message: string): Promise<void>;
  /** First retry delay; doubles up to retryCapMs. */
  retryBaseMs?: number;
  retryCapMs?: number;
  log?: (line: string) => void;
}

export interface GradingQueue {
  enqueue(attemptId: string): void;
  /** Resolves when nothing is queued or running (retries waiting on a timer do not count). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createGradingQueue(options: GradingQueueOptions): GradingQueue {
  const { pkg, store } = options;
  const retryBaseMs = options.retryBaseMs ?? 5000;
  const retryCapMs = options.retryCapMs ?? 5 * 60 * 1000;
  const queue: string[] = [];
  const queued = new Set<string>();
  const failures = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();
  let running: Promise<void> | null = null;
  let ownSql: Promise<SqlRunner> | null = null;
  let closed = false;
  const idleWaiters: Array<() => void> = [];

  const sqlRunner = (): Promise<SqlRunner> => {
    if (options.deps.sql) return Promise.resolve(options.deps.sql);
    ownSql ??= createSqlRunner().catch((error: unknown) => {
      ownSql = null; // the next try starts a new runner
      throw error;
    });
    return ownSql;
  };

  const codingItems = allItems(pkg.exam)
    .map(({ item }) => item)
    .filter((item) => item.type === 'coding');

  async function gradeOne(attemptId: string): Promise<void> {
    const stored = await store.readResult(attemptId);
    if (!stored) throw new Error(`no stored result for ${attemptId}`);
    const answers: Record<string, unknown> = { ...stored.result.answers };
    if (options.deps.coding) {
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
    const graded = await gradeAttempt(pkg, answers, { sql: await sqlRunner(), coding: options.deps.coding }, stored.result.form);
    await store.putGraded(attemptId, graded);
    options.onGraded(attemptId, graded);
  }

  async function drain(): Promise<void> {
    while (queue.length > 0 && !closed) {
      const attemptId = queue.shift() as string;
      queued.delete(attemptId);
      try {
        await gradeOne(attemptId);
        failures.delete(attemptId);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const n = (failures.get(attemptId) ?? 0) + 1;
        failures.set(attemptId, n);
        const delay = Math.min(retryCapMs, retryBaseMs * 2 ** (n - 1));
        options.log?.(`grading ${attemptId} failed (try ${n}, again in ${Math.round(delay / 1000)} s): ${message}`);
        await options.onError(attemptId, message).catch((recordError: unknown) => {
          options.log?.(`could not record the grading error of ${attemptId}: ${String(recordError)}`);
        });
        if (!closed) {
          const timer = setTimeout(() => {
            timers.delete(attemptId);
            enqueue(attemptId);
          }, delay);
          timer.unref();
          timers.set(attemptId, timer);
        }
      }
    }
    running = null;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  function enqueue(attemptId: string): void {
    if (closed || queued.has(attemptId)) return;
    queued.add(attemptId);
    queue.push(attemptId);
    running ??= drain();
  }

  return {
    enqueue,
    idle() {
      if (running === null) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await running;
      if (ownSql) await (await ownSql).close();
    },
  };
}
