import { describe, expect, it } from 'vitest';
import type { IntervalScheduler } from '../../../../../electron/core/attempt/timer.js';
import type { ProcessInfo } from '../../../../../electron/core/lockdown/processList.js';
import { startProcessMonitor } from '../../../../../electron/core/lockdown/processMonitor.js';
import type { LockdownViolation } from '../../../../../electron/core/lockdown/violation.js';

function setup(action: 'report' | 'block', initial: ProcessInfo[]) {
  let processes = [...initial];
  const killed: number[] = [];
  const found: LockdownViolation[] = [];
  const errors: unknown[] = [];
  const intervals: number[] = [];
  const scheduler: IntervalScheduler = { setInterval: (_fn, ms) => intervals.push(ms), clearInterval: () => undefined };
  let failNext = false;
  const monitor = startProcessMonitor({
    prohibited: ['obs', 'anydesk'],
    action,
    scheduler,
    list: async () => {
      if (failNext) {
        failNext = false;
        throw new Error('ps failed');
      }
      return processes;
    },
    kill: async (pid) => {
      killed.push(pid);
      processes = processes.filter((p) => p.pid !== pid);
      return 'terminated';
    },
    onViolation: (v) => found.push(v),
    onError: (e) => errors.push(e),
  });
  return {
    monitor,
    killed,
    found,
    errors,
    intervals,
    set: (next: ProcessInfo[]) => void (processes = next),
    fail: () => void (failNext = true),
  };
}

describe('process monitor', () => {
  it('scans at once and every 2 s, reporting each prohibited process once', async () => {
    const s = setup('report', [{ pid: 5, names: ['obs'] }, { pid: 6, names: ['bash'] }]);
    await s.monitor.scanNow();
    await s.monitor.scanNow();
    expect(s.intervals).toEqual([2000]);
    expect(s.found).toEqual([expect.objectContaining({ kind: 'prohibited-process', pid: 5, severity: 'warning' })]);
    s.set([{ pid: 5, names: ['obs'] }, { pid: 9, names: ['anydesk'] }]);
    await s.monitor.scanNow();
    expect(s.found.map((v) => v.pid)).toEqual([5, 9]);
    expect(s.killed).toEqual([]);
  });

  it('stops the process first under block, then reports the outcome', async () => {
    const s = setup('block', [{ pid: 7, names: ['anydesk'] }]);
    await s.monitor.scanNow();
    expect(s.killed).toEqual([7]);
    expect(s.found).toEqual([expect.objectContaining({ kind: 'prohibited-process', severity: 'critical', outcome: 'terminated', pid: 7 })]);
  });

  it('passes a failed listing to onError and keeps going', async () => {
    const s = setup('report', [{ pid: 5, names: ['obs'] }]);
    await s.monitor.scanNow();
    s.fail();
    await s.monitor.scanNow();
    expect(s.errors).toEqual([expect.objectContaining({ message: 'ps failed' })]);
    s.set([{ pid: 8, names: ['obs'] }]);
    await s.monitor.scanNow();
    expect(s.found.map((v) => v.pid)).toEqual([5, 8]);
  });

  it('reports nothing after stop', async () => {
    const s = setup('report', [{ pid: 5, names: ['obs'] }]);
    s.monitor.stop();
    await s.monitor.scanNow();
    expect(s.found).toEqual([]);
  });
});
