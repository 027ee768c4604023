import { describe, expect, it } from 'vitest';
import type { GradingStatus } from '../../../../../shared/attemptView.js';
import type { GradedResult } from '../../../../../shared/grading/resultSchema.js';
import { GradingJob } from '../../../../../electron/core/attempt/gradingJob.js';

const GRADED = { examId: 'e', score: 1, maxScore: 1, pendingManual: [], items: {}, skills: {} } as unknown as GradedResult;

/** Timers that fire only when the test says so; records each delay asked for. */
function manualTimers() {
  const pending: Array<{ fn: () => void; ms: number }> = [];
  return {
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, ms };
      pending.push(t);
      return () => pending.splice(pending.indexOf(t), 1);
    },
    delays: () => pending.map((t) => t.ms),
    fireNext: () => pending.shift()?.fn(),
  };
}

describe('GradingJob', () => {
  it('retries a failing grader with growing delays, showing "retrying" with the error, until it grades', async () => {
    const timers = manualTimers();
    let runs = 0;
    const seen: Array<GradingStatus['status']> = [];
    let result: GradedResult | null = null;
    const job = new GradingJob({
      grade: async () => {
        runs++;
        if (runs <= 2) throw new Error('sql runner exited (code 1)');
        return GRADED;
      },
      onChange: (status, graded) => {
        seen.push(status.status);
        if (graded) result = graded;
      },
      log: () => {},
      delaysMs: [10, 20],
      setTimer: timers.setTimer,
    });
    await job.start();
    expect(job.status()).toEqual({ status: 'retrying', attempts: 1, error: 'sql runner exited (code 1)' });
    expect(timers.delays()).toEqual([10]);
    timers.fireNext();
    await expect.poll(() => job.status().attempts).toBe(2);
    await expect.poll(() => timers.delays()).toEqual([20]);
    timers.fireNext();
    await expect.poll(() => job.status().status).toBe('done');
    expect(job.status()).toEqual({ status: 'done', attempts: 3, error: null });
    expect(result).toBe(GRADED);
    expect(seen).toEqual(['grading', 'retrying', 'retrying', 'retrying', 'retrying', 'done']);
    expect(timers.delays()).toEqual([]);
  });

  it('stops retrying once stopped (the attempt was closed)', async () => {
    const timers = manualTimers();
    let runs = 0;
    const job = new GradingJob({
      grade: async () => {
        runs++;
        throw new Error('boom');
      },
      onChange: () => {},
      log: () => {},
      setTimer: timers.setTimer,
    });
    await job.start();
    job.stop();
    expect(timers.delays()).toEqual([]);
    expect(runs).toBe(1);
  });
});
