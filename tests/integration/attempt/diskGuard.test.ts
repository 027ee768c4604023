/**
 * The workspace quota and the journal disk's floor with the candidate's real sandboxed shell
 * (issue 15 point 2). A small real tmpfs holds the attempt; the shell writes into it at a pace a
 * build or a runaway loop would; the guard ends the shell before the disk is full, tells the
 * candidate in the terminal, journals a violation, and answers keep saving. A new shell can then
 * delete the files.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventData } from '../../../shared/contract.js';
import { createEventBus } from '../../../electron/core/api/eventBus.js';
import { AttemptService } from '../../../electron/core/attempt/attemptService.js';
import { createManualClock } from '../../../electron/core/attempt/clock.js';
import type { IntervalScheduler } from '../../../electron/core/attempt/timer.js';
import { loadOrCreateDevice } from '../../../electron/core/device/deviceKeys.js';
import { loadPackage } from '../../../electron/core/package/loadPackage.js';
import { JOURNAL_FILE } from '../../../electron/core/store/attemptStore.js';
import { demoExamDir } from '../../support/paths.js';
import { waitUntil } from '../terminal/harness.js';
import { canMountSmallDisk, smallDiskPerTest } from './smallDisk.js';

const MB = 1024 * 1024;
const canMount = canMountSmallDisk;

const disk = smallDiskPerTest('vigil-diskguard-', 64);

const freeBytes = () => disk.freeBytes();

async function startedWithShell(diskGuard: { floorBytes?: number; quotaBytes?: number }) {
  const loaded = await loadPackage(demoExamDir);
  if (!loaded.ok) throw new Error('demo must load');
  const fns = new Set<() => void>();
  const scheduler: IntervalScheduler = { setInterval: (fn) => (fns.add(fn), fn), clearInterval: (h) => fns.delete(h as () => void) };
  const bus = createEventBus();
  const seen = { output: '', errors: [] as string[], exits: 0 };
  bus.subscribe((event, data) => {
    if (event === 'terminalOutput') seen.output += Buffer.from((data as EventData<'terminalOutput'>).data).toString('utf8');
    if (event === 'terminalError') seen.errors.push((data as EventData<'terminalError'>).error.message);
    if (event === 'terminalExit') seen.exits++;
  });
  const dataDir = join(disk.dir(), 'data');
  const svc = await AttemptService.open({
    pkg: loaded.pkg,
    dataDir,
    bus,
    clock: createManualClock({ wall: Date.parse('2026-11-27T10:00:00Z'), mono: 1000 }),
    scheduler,
    log: () => {},
    device: () => loadOrCreateDevice(dataDir),
    sql: disk.sql,
    reserveBytes: 2 * MB,
    diskGuard: { diskPollMs: 50, workspacePollMs: 100, ...diskGuard },
  });
  disk.track(svc);
  await svc.checkIn({ candidateId: 'c1', candidateName: 'Ada' });
  await svc.completePreflight({});
  await svc.startAttempt();
  await svc.saveAnswer({ itemId: 'http-status', value: 'b' });
  const info = await svc.terminalOpen({ sessionId: 'sum-function', cols: 80, rows: 24 });
  expect(info.sandboxed).toBe(true);
  const workspace = join(dataDir, 'attempts', svc.getAttempt()?.attemptId ?? '', 'workspace', 'sum-function');
  return { svc, seen, workspace };
}

/** 1 MB at a time, 50 ms apart: a pace the guard's polls can follow (a flood overshoots by its speed times the poll). */
const SLOW_FILL = 'for i in $(seq 200); do head -c 1M /dev/zero >> fill.bin || break; sleep 0.05; done; echo FILL""DONE\r';

/** The violations in the attempt's journal file, as the hub will get them. */
async function violationsOf(workspace: string): Promise<Array<{ kind: string; reason?: string }>> {
  const text = await readFile(join(workspace, '..', '..', JOURNAL_FILE), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; data: { kind: string; reason?: string } })
    .filter((e) => e.type === 'violation')
    .map((e) => e.data);
}

describe.runIf(canMount)('the disk guard with a real shell', () => {
  it('ends the shell before the journal disk is full, says why in the terminal, journals it, and saving goes on', async () => {
    const { svc, seen, workspace } = await startedWithShell({ floorBytes: 24 * MB });
    svc.terminals().write('sum-function', SLOW_FILL);
    await waitUntil(() => seen.errors.some((m) => m.includes('disk is almost full')), 'the guard to end the shell', 30_000);
    await waitUntil(() => seen.exits > 0, 'the shell to exit', 10_000);
    expect(seen.output).not.toContain('FILLDONE');
    // Ended within a few polls of crossing the floor: far from full.
    const size = (await stat(join(workspace, 'fill.bin'))).size;
    await new Promise((r) => setTimeout(r, 500));
    expect((await stat(join(workspace, 'fill.bin'))).size).toBe(size);
    expect(await freeBytes()).toBeGreaterThan(16 * MB);
    await svc.saveAnswer({ itemId: 'cache-header', value: 'still saving' });
    expect(await violationsOf(workspace)).toContainEqual(expect.objectContaining({ kind: 'disk-quota', reason: 'disk-floor' }));

    // A new shell can delete what the last one wrote.
    await svc.terminalRestart('sum-function');
    svc.terminals().write('sum-function', 'rm fill.bin && echo REM""OVED\r');
    await waitUntil(() => seen.output.includes('REMOVED'), 'the new shell to delete the file', 15_000);
    expect(await freeBytes()).toBeGreaterThan(50 * MB);
  });

  it("ends a shell whose workspace goes over its quota, while the disk has room", async () => {
    const { svc, seen, workspace } = await startedWithShell({ quotaBytes: 8 * MB, floorBytes: 0 });
    svc.terminals().write('sum-function', SLOW_FILL);
    await waitUntil(() => seen.errors.some((m) => m.includes('over its quota')), 'the guard to end the shell', 30_000);
    await waitUntil(() => seen.exits > 0, 'the shell to exit', 10_000);
    expect(seen.output).not.toContain('FILLDONE');
    expect((await stat(join(workspace, 'fill.bin'))).size).toBeLessThan(20 * MB);
    expect(await violationsOf(workspace)).toContainEqual(expect.objectContaining({ kind: 'disk-quota', reason: 'workspace-quota' }));
  });
});
