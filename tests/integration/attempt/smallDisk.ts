import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { AttemptService } from '../../../electron/core/attempt/attemptService.js';
import { createSqlRunner, type SqlRunner } from '../../../electron/core/sql/sqlRunner.js';

/** Mounting a tmpfs needs root on Linux (CI runs as root). */
export const canMountSmallDisk = process.platform === 'linux' && process.getuid?.() === 0;

export interface SmallDisk {
  /** The mount point: a real filesystem of the given size. */
  dir: string;
  freeBytes(): Promise<number>;
  dispose(): Promise<void>;
}

/** A real tmpfs of `sizeMb` to hold an attempt, so a test can fill "the disk" for real. */
export async function mountSmallDisk(prefix: string, sizeMb: number): Promise<SmallDisk> {
  if (!canMountSmallDisk) throw new Error('this test needs root on Linux to mount a small tmpfs (CI runs as root)');
  const root = await mkdtemp(join(tmpdir(), prefix));
  const dir = join(root, 'disk');
  await mkdir(dir);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) throw new Error(`cannot mount a tmpfs: ${mounted.stderr}`);
  return {
    dir,
    async freeBytes() {
      const s = await statfs(dir);
      return s.bavail * s.bsize;
    },
    async dispose() {
      // Busy (a file still open after a failure): detach it lazily rather than leave a mount behind.
      if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
      await rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh small disk for each test of the file, with what a test opens on it (attempt services,
 * the SQL runner) closed after it and the disk unmounted.
 */
export function smallDiskPerTest(prefix: string, sizeMb: number) {
  let small: SmallDisk | null = null;
  let sql: SqlRunner | null = null;
  const services: AttemptService[] = [];
  beforeEach(async () => {
    small = await mountSmallDisk(prefix, sizeMb);
  });
  afterEach(async () => {
    for (const svc of services.splice(0)) await svc.close().catch(() => undefined);
    await sql?.close();
    sql = null;
    await small?.dispose();
    small = null;
  });
  const current = (): SmallDisk => {
    if (!small) throw new Error('the small disk exists only while a test runs');
    return small;
  };
  return {
    dir: () => current().dir,
    freeBytes: () => current().freeBytes(),
    /** The attempt service's `sql` dependency: one runner per test, closed after it. */
    sql: async () => (sql ??= await createSqlRunner()),
    /** Closed after the test. */
    track: (svc: AttemptService) => void services.push(svc),
  };
}
