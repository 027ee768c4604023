import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isProcessAlive } from '../../../electron/core/lockdown/killProcess.js';
import { listProcesses } from '../../../electron/core/lockdown/processList.js';
import { startProcessMonitor } from '../../../electron/core/lockdown/processMonitor.js';
import { createSystemProbe } from '../../../electron/core/lockdown/systemProbe.js';
import type { LockdownViolation } from '../../../electron/core/lockdown/violation.js';

/**
 * A real prohibited program: a copy of `sleep` named `anydesk`, found through the live process list
 * (/proc on Linux, ps on macOS), reported, and under `block` stopped.
 */
describe('prohibited process, live', () => {
  let dir: string;
  let child: ChildProcess | null = null;
  let monitor: { stop(): void } | null = null;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-prohibited-'));
    const fake = join(dir, 'anydesk');
    await copyFile('/bin/sleep', fake);
    child = spawn(fake, ['60'], { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      child!.once('spawn', resolve);
      child!.once('error', reject);
    });
  });

  afterEach(async () => {
    monitor?.stop();
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  function watch(action: 'report' | 'block') {
    const found: LockdownViolation[] = [];
    const errors: unknown[] = [];
    const probe = createSystemProbe();
    monitor = startProcessMonitor({
      prohibited: ['AnyDesk', 'teamviewer'],
      action,
      list: () => listProcesses(probe),
      ignorePids: new Set([process.pid]),
      onViolation: (v) => found.push(v),
      onError: (e) => errors.push(e),
    });
    return { found, errors };
  }

  it('reports it within 3 s', async () => {
    const { found, errors } = watch('report');
    await vi.waitFor(() => expect(found.some((v) => v.pid === child!.pid)).toBe(true), { timeout: 3000, interval: 50 });
    expect(found.find((v) => v.pid === child!.pid)).toMatchObject({ kind: 'prohibited-process', severity: 'warning', name: 'anydesk', entry: 'AnyDesk' });
    expect(errors).toEqual([]);
    expect(await isProcessAlive(child!.pid!)).toBe(true);
  });

  it('under block, stops it and then reports it: the pid is gone', async () => {
    const exit = new Promise<NodeJS.Signals | null>((resolve) => child!.once('exit', (_code, signal) => resolve(signal)));
    const { found, errors } = watch('block');
    await vi.waitFor(() => expect(found.some((v) => v.pid === child!.pid)).toBe(true), { timeout: 3000, interval: 50 });
    expect(found.find((v) => v.pid === child!.pid)).toMatchObject({ kind: 'prohibited-process', severity: 'critical', outcome: 'terminated' });
    expect(await exit).toBe('SIGTERM');
    expect(await isProcessAlive(child!.pid!)).toBe(false);
    expect(errors).toEqual([]);
  });
});
