import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { toStorageError } from '../../base/storageError.js';

/**
 * `<attempt>/reserve.bin`: space held back on the journal's disk for the end of the exam. The
 * coding shell can fill the disk the journal lives on (its workspace sits in the attempt folder);
 * at time-up the shells are stopped first and then this file is removed, so the submit entry, the
 * sealed result and the outbox copy always have room, whatever the candidate wrote. Real zeros, not
 * a sparse file: only written blocks are actually taken from the disk.
 */
export const RESERVE_FILE = 'reserve.bin';

/** Room for a result at its caps (20 MB of workspace, base64 in result.json and its outbox copy) and then some. */
export const DEFAULT_RESERVE_BYTES = 64 * 1024 * 1024;

const CHUNK = 1024 * 1024;

/** Creates (or completes) the reserve; resolves once its blocks are on disk. */
export async function holdReserve(attemptDir: string, bytes: number = DEFAULT_RESERVE_BYTES): Promise<void> {
  const path = join(attemptDir, RESERVE_FILE);
  let have = 0;
  try {
    have = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw toStorageError(error, 'read', path);
  }
  if (have >= bytes) return;
  const handle = await open(path, 'a', 0o600).catch((error: unknown) => {
    throw toStorageError(error, 'create', path);
  });
  try {
    const zeros = Buffer.alloc(Math.min(CHUNK, bytes));
    for (let at = have; at < bytes; ) {
      const n = Math.min(zeros.length, bytes - at);
      await handle.write(zeros, 0, n, at);
      at += n;
    }
    await handle.sync();
  } catch (error) {
    throw toStorageError(error, 'fill', path);
  } finally {
    await handle.close();
  }
}

/** Gives the reserved space back to the disk; true when there was a reserve to release. */
export async function releaseReserve(attemptDir: string): Promise<boolean> {
  const path = join(attemptDir, RESERVE_FILE);
  try {
    await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw toStorageError(error, 'read', path);
  }
  await rm(path, { force: true });
  return true;
}
