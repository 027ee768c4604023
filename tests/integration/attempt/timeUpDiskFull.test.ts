/**
 * Filling the disk from the shell must not defeat time-up (issue 15, point 2). A real tmpfs holds
 * the attempt; the candidate's real sandboxed shell fills it; the clock runs out. Time-up then
 * holds: answer-changing requests are refused from that moment even though the journal cannot
 * take the submit yet, the shell is stopped, and the seal is retried until it succeeds. With the
 * disk reserve the seal goes through at once.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventData } from '../../../shared/contract.js';
import { createEventBus } from '../../../electron/core/api/eventBus.js';
import { AttemptService } from '../../../electron/core/attempt/attemptService.js';
import { createManualClock, type ManualClock } from '../../../electron/core/attempt/clock.js';
import type { IntervalScheduler } from '../../../electron/core/attempt/timer.js';
import { loadOrCreateDevice } from '../../../electron/core/device/deviceKeys.js';
import { loadPackage } from '../../../electron/core/package/loadPackage.js';
import { demoExamDir } from '../../support/paths.js';
import { waitUntil } from '../terminal/harness.js';
import { canMountSmallDisk, smallDiskPerTest } from './smallDisk.js';

const canMount = canMountSmallDisk;

const disk = smallDiskPerTest('vigil-timeup-', 24);

function manualScheduler() {
  const fns = new Set<() => void>();
  const scheduler: IntervalScheduler = { setInterval: (fn) => (fns.add(fn), fn), clearInterval: (h) => fns.delete(h as () => void) };
  return { scheduler, fire: () => [...fns].forEach((f) => f()) };
}

const freeBytes = () => disk.freeBytes();

async function startedWithShell(reserveBytes: number) {
  const loaded = await loadPackage(demoExamDir);
  if (!loaded.ok) throw new Error('demo must load');
  const clock: ManualClock = createManualClock({ wall: Date.parse('2026-11-27T10:00:00Z'), mono: 1000 });
  const sched = manualScheduler();
  const bus = createEventBus();
  let output = '';
  bus.subscribe((event, data) => {
    if (event === 'terminalOutput') output += Buffer.from((data as EventData<'terminalOutput'>).data).toString('utf8');
  });
  const dataDir = join(disk.dir(), 'data');
  const svc = await AttemptService.open({
    pkg: loaded.pkg,
    dataDir,
    bus,
    clock,
    scheduler: sched.scheduler,
    log: () => {},
    device: () => loadOrCreateDevice(dataDir),
    sql: disk.sql,
    reserveBytes,
    // The last line of defence is under test here: the disk guard (diskGuard.test.ts) would end
    // the shell before the disk fills.
    diskGuard: false,
  });
  disk.track(svc);
  await svc.checkIn({ candidateId: 'c1', candidateName: 'Ada' });
  await svc.completePreflight({});
  await svc.startAttempt();
  await svc.saveAnswer({ itemId: 'http-status', value: 'b' });
  const info = await svc.terminalOpen({ sessionId: 'sum-function', cols: 80, rows: 24 });
  expect(info.sandboxed).toBe(true);
  // The candidate fills the disk from the shell, and keeps a process writing.
  svc.terminals().write('sum-function', 'head -c 100M /dev/zero > fill.bin; echo FIL""LED; (while true; do echo x >> more.txt; sleep 0.05; done) &\r');
  await waitUntil(() => output.includes('FILLED'), 'the shell to fill the disk', 30_000);
  expect(await freeBytes()).toBeLessThan(64 * 1024);
  // The journal's last page still takes a few small appends; save until the disk refuses one.
  let refused: unknown = null;
  for (let i = 0; i < 200 && refused === null; i++) {
    refused = await svc.saveAnswer({ itemId: 'cache-header', value: `no room ${i}` }).then(() => null, (error: unknown) => error);
  }
  expect(refused).toMatchObject({ code: 'storage' });
  const timeUp = () => {
    clock.advance(11 * 60_000);
    sched.fire();
  };
  return { svc, timeUp, workspace: join(dataDir, 'attempts', svc.getAttempt()?.attemptId ?? '', 'workspace', 'sum-function') };
}

describe.runIf(canMount)('time-up with the disk full', () => {
  it('holds without a reserve: refused from that moment, the shell stopped, and sealed once space comes back', async () => {
    const { svc, timeUp, workspace } = await startedWithShell(0);
    timeUp();
    await waitUntil(() => svc.getAttempt()?.state === 'submitted', 'time-up to take hold', 10_000);
    expect(svc.getAttempt()?.submitReason).toBe('time-up');
    // The journal cannot take the submit entry, yet the attempt is over for every answer-changing request.
    await expect(svc.saveAnswer({ itemId: 'http-status', value: 'c' })).rejects.toMatchObject({ code: 'invalid-state' });
    await expect(svc.setFlag({ itemId: 'http-status', flagged: true })).rejects.toMatchObject({ code: 'invalid-state' });
    await expect(svc.workspaceWrite('sum-function', 'sum.js', 'late')).rejects.toMatchObject({ code: 'invalid-state' });
    await expect(svc.terminalOpen({ sessionId: 'sum-function', cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'invalid-state' });
    await expect(svc.terminalRestart('sum-function')).rejects.toMatchObject({ code: 'invalid-state' });
    // The shell and its background writer are gone: once freed, the space stays free.
    spawnSync('rm', ['-f', join(workspace, 'fill.bin')]);
    const freed = await freeBytes();
    await waitUntil(() => svc.getAttempt()?.state === 'sealed', 'the seal to be retried and succeed', 40_000);
    expect(await freeBytes()).toBeGreaterThan(freed - 1024 * 1024);
    expect(svc.getAttempt()?.answers['http-status']?.value).toBe('b');
  });

  it('with the reserve held while the shell is open, the seal goes through at once', async () => {
    const { svc, timeUp } = await startedWithShell(4 * 1024 * 1024);
    timeUp();
    await waitUntil(() => svc.getAttempt()?.state === 'sealed', 'the seal', 15_000);
    expect(svc.getResult().submitReason).toBe('time-up');
  });
});
