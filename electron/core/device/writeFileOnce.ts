import { dirname } from 'node:path';
import { VigilError } from '../../../shared/errors.js';
import { fsyncDir, tempPathFor, writeAll } from '../../base/fsyncWrite.js';
import { toStorageError } from '../../base/storageError.js';
import { errnoCode, nodeStoreFs, type StoreFileHandle, type StoreFs } from '../../base/storeFs.js';

/** Errors of a file system that has no hard links (FAT/exFAT sticks, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Creates `path` with `data` unless it already exists, atomically and durably: the bytes go to a
 * unique temp file that is fsync'ed, then published with link(2), which fails with EEXIST instead of
 * replacing (rename would silently overwrite a file another process created a moment earlier), then
 * the folder is fsync'ed. Readers never see a partial file. Returns `exists` without touching the
 * file if it was already there; the caller decides whether that is fine (same content) or not.
 *
 * Where hard links are unsupported it falls back to exists-check + rename: still atomic for
 * readers, and only a concurrent creator in the same instant could be overwritten.
 */
export async function writeFileOnce(path: string, data: string | Uint8Array, fs: StoreFs = nodeStoreFs, mode = 0o600): Promise<'created' | 'exists'> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const temp = tempPathFor(path);
  let handle: StoreFileHandle;
  try {
    handle = await fs.open(temp, 'wx', mode);
  } catch (error) {
    throw toStorageError(error, 'create a temporary file for', path);
  }
  let outcome: 'created' | 'exists';
  try {
    try {
      await writeAll(handle, bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    outcome = await publish(temp, path, fs);
  } catch (error) {
    const failure = toStorageError(error, 'write', path);
    const cleanupError = await removeTemp(temp, fs);
    if (cleanupError === undefined) throw failure;
    throw new VigilError('storage', failure.message, { ...(failure.details as object), leftoverTemp: temp, cleanupError });
  }
  // After link the temp name is a second name for the same file; after rename it is gone.
  if (await fs.exists(temp)) {
    try {
      await fs.unlink(temp);
    } catch (error) {
      throw toStorageError(error, 'remove the temporary file', temp);
    }
  }
  await fsyncDir(dirname(path), fs);
  return outcome;
}

/** Removes a failed write's temp file; returns why it could not, for the caller's error. */
async function removeTemp(temp: string, fs: StoreFs): Promise<string | undefined> {
  try {
    await fs.unlink(temp);
    return undefined;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    return error instanceof Error ? error.message : String(error);
  }
}

async function publish(temp: string, path: string, fs: StoreFs): Promise<'created' | 'exists'> {
  try {
    await fs.link(temp, path);
    return 'created';
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') return 'exists';
    if (code === undefined || !NO_HARD_LINKS.has(code)) throw error;
  }
  if (await fs.exists(path)) return 'exists';
  await fs.rename(temp, path);
  return 'created';
}
