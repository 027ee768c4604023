import { join } from 'node:path';
import { fsyncDir, mkdirDurable, writeFileDurable } from '../../base/fsyncWrite.js';
import { toStorageError } from '../../base/storageError.js';
import { nodeStoreFs, type StoreFs } from '../../base/storeFs.js';

/**
 * `<attempt>/quarantine/`: damaged files are moved or copied here, never deleted (DESIGN 5), so a
 * person can look at what went wrong. Names are `<original>.<UTC timestamp>[-n]`.
 */
export const QUARANTINE_DIR = 'quarantine';

/** `2026-05-01T10-22-03-123Z`: an ISO time with only file-name-safe characters (Windows too). */
export function quarantineStamp(wallMs: number): string {
  return new Date(wallMs).toISOString().replace(/[:.]/g, '-');
}

async function ensureQuarantineDir(attemptDir: string, fs: StoreFs): Promise<string> {
  const dir = join(attemptDir, QUARANTINE_DIR);
  await mkdirDurable(dir, fs);
  return dir;
}

async function freeName(dir: string, base: string, wallMs: number, fs: StoreFs): Promise<string> {
  const stem = `${base}.${quarantineStamp(wallMs)}`;
  for (let n = 0; ; n++) {
    const candidate = join(dir, n === 0 ? stem : `${stem}-${n}`);
    if (!(await fs.exists(candidate))) return candidate;
  }
}

/** Stores `bytes` durably as quarantine/<base>.<stamp>; returns the path. */
export async function copyToQuarantine(attemptDir: string, base: string, bytes: Uint8Array, wallMs: number, fs: StoreFs = nodeStoreFs): Promise<string> {
  const dir = await ensureQuarantineDir(attemptDir, fs);
  const target = await freeName(dir, base, wallMs, fs);
  await writeFileDurable(target, bytes, fs);
  return target;
}

/** Moves `file` (in attemptDir) to quarantine/<base>.<stamp> durably; returns the new path. */
export async function moveToQuarantine(attemptDir: string, file: string, base: string, wallMs: number, fs: StoreFs = nodeStoreFs): Promise<string> {
  const dir = await ensureQuarantineDir(attemptDir, fs);
  const target = await freeName(dir, base, wallMs, fs);
  try {
    await fs.rename(file, target);
  } catch (error) {
    throw toStorageError(error, 'move to quarantine', file);
  }
  await fsyncDir(dir, fs);
  await fsyncDir(attemptDir, fs);
  return target;
}
