import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { VigilError } from '../../shared/errors.js';
import { tempPathFor, writeAll } from './fsyncWrite.js';
import { isProcessAlive, ownIdentity } from './processIdentity.js';
import { toStorageError } from './storageError.js';
import { errnoCode, nodeStoreFs, type StoreFs } from './storeFs.js';

/**
 * The single-writer lock of an attempt folder (DESIGN 5: one process writes an attempt).
 * `attempt.lock` names its holder; it is created atomically with its content (written to a temp
 * file, then hard-linked into place, which fails if the lock exists), so a reader never sees a
 * half-written lock. A lock whose holder is gone (crashed, killed, or from before a reboot) is
 * stale and taken over at once: a `kill -9` must never keep a candidate out of their attempt.
 *
 * Known limit: two processes taking over the same stale lock at the same instant can both succeed
 * (remove-then-create is not atomic). Vigil is also single-instance per machine, so this needs two
 * racing app instances and a crashed third.
 */
export const LOCK_FILE = 'attempt.lock';

const lockOwnerSchema = z.object({
  pid: z.int(),
  bootId: z.string().nullable(),
  startTicks: z.string().nullable(),
  bootTimeMs: z.number(),
  host: z.string(),
  token: z.string(),
  at: z.string(),
});
type LockOwner = z.infer<typeof lockOwnerSchema>;

export interface AttemptLock {
  readonly path: string;
  /** Removes the lock if it is still ours. */
  release(): Promise<void>;
}

async function readOwner(path: string, fs: StoreFs): Promise<LockOwner | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = (await fs.readFile(path)).toString('utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 'missing';
    throw toStorageError(error, 'read the lock', path);
  }
  try {
    const parsed = lockOwnerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    // Content is written before the lock appears, so unreadable content means damage (e.g. power loss): stale.
    return 'unreadable';
  }
}

async function unlinkIfPresent(path: string, fs: StoreFs): Promise<void> {
  try {
    await fs.unlink(path);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw toStorageError(error, 'remove', path);
  }
}

/** Puts `content` at `path` only if nothing is there; false if something is. */
async function createExclusive(path: string, content: string, fs: StoreFs): Promise<boolean> {
  const temp = tempPathFor(path);
  try {
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await writeAll(handle, Buffer.from(content, 'utf8'));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw toStorageError(error, 'create the lock', path);
  }
  try {
    await fs.link(temp, path);
    return true;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return createExclusiveWithoutLink(path, content, fs);
    throw toStorageError(error, 'create the lock', path);
  } finally {
    await unlinkIfPresent(temp, fs);
  }
}

/** For file systems without hard links: O_EXCL create, then write (a crash between leaves an empty, stale-looking lock). */
async function createExclusiveWithoutLink(path: string, content: string, fs: StoreFs): Promise<boolean> {
  let handle;
  try {
    handle = await fs.open(path, 'wx', 0o600);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw toStorageError(error, 'create the lock', path);
  }
  try {
    await writeAll(handle, Buffer.from(content, 'utf8'));
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Takes the lock of `dir` for this process, or fails with VigilError('storage') naming the pid that
 * holds it. Stale locks are removed and retaken.
 */
export async function acquireAttemptLock(dir: string, attemptId: string, fs: StoreFs = nodeStoreFs): Promise<AttemptLock> {
  const path = join(dir, LOCK_FILE);
  const owner: LockOwner = { ...ownIdentity(), host: hostname(), token: randomBytes(12).toString('hex'), at: new Date().toISOString() };
  const content = `${JSON.stringify(owner)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(path, content, fs)) return makeLock(path, owner.token, fs);
    const holder = await readOwner(path, fs);
    if (holder === 'missing') continue; // released between our try and our read
    if (holder !== 'unreadable' && isProcessAlive(holder)) {
      const message =
        holder.pid === process.pid
          ? `attempt ${attemptId} is already open in this Vigil process (pid ${holder.pid})`
          : `attempt ${attemptId} is open in another Vigil process (pid ${holder.pid}); close that window first`;
      throw new VigilError('storage', message, { attemptId, pid: holder.pid, host: holder.host, lockFile: path });
    }
    await unlinkIfPresent(path, fs);
  }
  throw new VigilError('storage', `could not take the lock ${path}: it keeps changing hands`, { attemptId, lockFile: path });
}

function makeLock(path: string, token: string, fs: StoreFs): AttemptLock {
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      const holder = await readOwner(path, fs);
      if (holder === 'missing' || holder === 'unreadable' || holder.token !== token) return; // taken over: not ours to remove
      await unlinkIfPresent(path, fs);
    },
  };
}
