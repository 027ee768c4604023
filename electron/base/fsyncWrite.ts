import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { VigilError } from '../../shared/errors.js';
import { toStorageError } from './storageError.js';
import { nodeStoreFs, type StoreFileHandle, type StoreFs } from './storeFs.js';

/** Writes every byte, looping over short writes (a nearly full disk may accept part of a buffer). */
export async function writeAll(handle: StoreFileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, null);
    if (bytesWritten <= 0) throw Object.assign(new Error('write accepted no bytes'), { code: 'EIO' });
    offset += bytesWritten;
  }
}

/**
 * Makes a directory's entries (a created, renamed or removed name) durable. Windows cannot open a
 * directory for fsync and NTFS journals metadata itself, so it is skipped there.
 */
export async function fsyncDir(dir: string, fs: StoreFs = nodeStoreFs): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: StoreFileHandle;
  try {
    handle = await fs.open(dir, 'r');
  } catch (error) {
    throw toStorageError(error, 'open the folder', dir);
  }
  try {
    await handle.sync();
  } catch (error) {
    throw toStorageError(error, 'flush the folder', dir);
  } finally {
    await handle.close();
  }
}

/**
 * Creates `dir` and any missing parents so that they survive power loss: each new folder's name
 * is flushed in its parent. Nothing is done if it exists.
 */
export async function mkdirDurable(dir: string, fs: StoreFs = nodeStoreFs): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; !(await fs.exists(current)); ) {
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (missing.length === 0) return;
  try {
    await fs.mkdir(dir);
  } catch (error) {
    throw toStorageError(error, 'create the folder', dir);
  }
  for (const created of missing.reverse()) await fsyncDir(dirname(created), fs);
}

/** A temp name next to `path` that no other writer (process or call) uses. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** True for names tempPathFor(path) produces, so leftovers of a killed writer can be found. */
export function isTempPathOf(path: string, candidateName: string): boolean {
  const prefix = `${basename(path)}.`;
  return candidateName.startsWith(prefix) && candidateName.endsWith('.tmp') && /^\d+\.[0-9a-f]{12}\.tmp$/.test(candidateName.slice(prefix.length));
}

/**
 * Atomic, durable replacement of `path` (DESIGN 5): write a unique temp file in the same folder,
 * fsync it, rename it over `path`, fsync the folder. A crash at any point leaves either the old or
 * the new content, never a mix; when this resolves the new content survives power loss.
 * Failures are VigilError('storage') naming `path`; the old file is untouched and the temp removed.
 */
export async function writeFileDurable(path: string, data: string | Uint8Array, fs: StoreFs = nodeStoreFs): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const temp = tempPathFor(path);
  let handle: StoreFileHandle;
  try {
    handle = await fs.open(temp, 'wx', 0o600);
  } catch (error) {
    throw toStorageError(error, 'create a temporary file for', path);
  }
  try {
    try {
      await writeAll(handle, bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    const failure = toStorageError(error, 'write', path);
    const cleanupError = await removeTemp(temp, fs);
    if (cleanupError === undefined) throw failure;
    throw new VigilError('storage', failure.message, { ...(failure.details as object), leftoverTemp: temp, cleanupError });
  }
  await fsyncDir(dirname(path), fs);
}

/** Removes the temp file of a failed write; returns why it could not, so the caller's error can say so. */
async function removeTemp(temp: string, fs: StoreFs): Promise<string | undefined> {
  try {
    await fs.unlink(temp);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
