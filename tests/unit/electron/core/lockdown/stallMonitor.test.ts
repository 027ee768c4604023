import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../../../electron/core/attempt/clock.js';
import type { IntervalScheduler } from '../../../../../electron/core/attempt/timer.js';
import { stallViolation, startStallMonitor } from '../../../../../electron/core/lockdown/stallMonitor.js';
import type { LockdownViolation } from '../../../../../electron/core/lockdown/violation.js';

function manualScheduler() {
  const tasks = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  const scheduler: IntervalScheduler = {
    setInterval: (fn, ms) => (tasks.set(next, { fn, ms }), next++),
    clearInterval: (h) => void tasks.delete(h as number),
  };
  return { scheduler, tick: () => [...tasks.values()].forEach((t) => t.fn()), tasks };
}

describe('event-loop stall monitor', () => {
  it('flags a gap of more than 3 s between checks, measured on the monotonic clock', () => {
    expect(stallViolation(0, 3000)).toBeNull();
    expect(stallViolation(0, 3001)).toMatchObject({ kind: 'process-stopped', severity: 'warning', gapMs: 3001 });
  });

  it('checks every 500 ms and reports a stall once, with its length', () => {
    const clock = createManualClock();
    const { scheduler, tick, tasks } = manualScheduler();
    const found: LockdownViolation[] = [];
    const monitor = startStallMonitor({ clock, scheduler, onViolation: (v) => found.push(v) });
    expect([...tasks.values()].map((t) => t.ms)).toEqual([500]);
    for (let i = 0; i < 10; i++) {
      clock.advance(500);
      tick();
    }
    expect(found).toEqual([]);
    clock.advance(7200); // the process was stopped (SIGSTOP) for a while
    tick();
    clock.advance(500);
    tick();
    expect(found).toEqual([expect.objectContaining({ kind: 'process-stopped', gapMs: 7200 })]);
    monitor.stop();
    expect(tasks.size).toBe(0);
  });

  it('ignores wall-clock jumps: those are the timer’s clock-jump', () => {
    const clock = createManualClock();
    const { scheduler, tick } = manualScheduler();
    const found: LockdownViolation[] = [];
    startStallMonitor({ clock, scheduler, onViolation: (v) => found.push(v) });
    clock.jumpWall(3_600_000);
    clock.advance(500);
    tick();
    expect(found).toEqual([]);
  });
});
