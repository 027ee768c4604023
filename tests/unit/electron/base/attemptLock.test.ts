import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireAttemptLock, LOCK_FILE } from '../../../../electron/base/attemptLock.js';
import { ownIdentity } from '../../../../electron/base/processIdentity.js';
import { VigilError } from '../../../../shared/errors.js';
import { faultyFs } from '../../../fixtures/store/faultyFs.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function lockOf(pid: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...ownIdentity(), startTicks: null, pid, host: hostname(), token: 'someone-else', at: new Date().toISOString(), ...extra });
}

describe('attempt lock', () => {
  it('is exclusive: a second taker in the same process gets a clear error', async () => {
    const lock = await acquireAttemptLock(dir, 'att-1');
    const failure = await acquireAttemptLock(dir, 'att-1').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(VigilError);
    expect(failure).toMatchObject({ code: 'storage', message: `attempt att-1 is already open in this Vigil process (pid ${process.pid})`, details: { pid: process.pid } });
    await lock.release();
    const again = await acquireAttemptLock(dir, 'att-1');
    await again.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('names the pid of another live holder', async () => {
    // Our parent process is certainly alive and is not us.
    await writeFile(join(dir, LOCK_FILE), lockOf(process.ppid));
    await expect(acquireAttemptLock(dir, 'att-2')).rejects.toMatchObject({
      code: 'storage',
      message: `attempt att-2 is open in another Vigil process (pid ${process.ppid}); close that window first`,
    });
  });

  it('takes over the lock of a killed process at once', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    await writeFile(join(dir, LOCK_FILE), lockOf(dead));
    const lock = await acquireAttemptLock(dir, 'att-3');
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('takes over a lock left before a reboot, even when its pid is alive again', async () => {
    const me = ownIdentity();
    const otherBoot = me.bootId !== null ? { bootId: 'a-previous-boot' } : { bootTimeMs: me.bootTimeMs - 86_400_000 };
    await writeFile(join(dir, LOCK_FILE), lockOf(process.ppid, otherBoot));
    const lock = await acquireAttemptLock(dir, 'att-4');
    await lock.release();
  });

  it('takes over an unreadable lock (damaged by power loss)', async () => {
    await writeFile(join(dir, LOCK_FILE), '\u0000\u0000');
    const lock = await acquireAttemptLock(dir, 'att-5');
    await lock.release();
  });

  it('does not remove a lock another process has taken over', async () => {
    const lock = await acquireAttemptLock(dir, 'att-6');
    await writeFile(join(dir, LOCK_FILE), lockOf(process.ppid));
    await lock.release();
    expect(await readdir(dir)).toEqual([LOCK_FILE]);
  });

  it('still works where hard links are not supported', async () => {
    const fs = faultyFs((op) => (op === 'link' ? { code: 'EPERM' } : undefined));
    const lock = await acquireAttemptLock(dir, 'att-7', fs);
    await expect(acquireAttemptLock(dir, 'att-7', fs)).rejects.toMatchObject({ code: 'storage' });
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a read-only folder as a storage error naming the lock', async () => {
    const fs = faultyFs((op) => (op === 'open' ? { code: 'EROFS' } : undefined));
    await expect(acquireAttemptLock(dir, 'att-8', fs)).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining(join(dir, LOCK_FILE)) });
  });
});
