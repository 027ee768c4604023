/**
 * A full disk (DESIGN 5): the save that does not fit fails with a clear VigilError('storage')
 * naming the file, every earlier acknowledged answer stays intact in memory and on disk, and once
 * space is freed the same save succeeds. Runs on a real, tiny tmpfs when this machine lets us
 * mount one (root); otherwise the same scenario runs with ENOSPC injected by a fault layer.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL_FILE, openAttemptStore, type AttemptStore } from '../../../electron/core/store/attemptStore.js';
import { scanJournal } from '../../../electron/core/store/journal.js';
import type { StoreFs } from '../../../electron/base/storeFs.js';
import { VigilError } from '../../../shared/errors.js';
import { faultyFs } from '../../fixtures/store/faultyFs.js';

let root: string;
let mountPoint: string | null = null;
const stores: AttemptStore[] = [];

/** Opens a store that afterAll closes if the test fails before it does. */
async function track(store: Promise<AttemptStore>): Promise<AttemptStore> {
  const opened = await store;
  stores.push(opened);
  return opened;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-diskfull-'));
  // VIGIL_TEST_NO_TMPFS=1 forces the injected variant (to check it on a machine that can mount).
  if (process.platform === 'linux' && process.getuid?.() === 0 && process.env.VIGIL_TEST_NO_TMPFS !== '1') {
    const target = join(root, 'tmpfs');
    await mkdir(target);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', target], { encoding: 'utf8' });
    if (mounted.status === 0) mountPoint = target;
    else process.stderr.write(`diskFull: cannot mount a tmpfs (${mounted.stderr.trim() || mounted.error?.message}); injecting ENOSPC instead\n`);
  }
});

afterAll(async () => {
  for (const store of stores.splice(0)) await store.close().catch(() => undefined); // a failed test may leave one open
  if (mountPoint !== null) {
    let unmounted = spawnSync('umount', [mountPoint], { encoding: 'utf8' });
    // Busy (a file still open after a failure): detach it lazily rather than leave a mount behind.
    if (unmounted.status !== 0) unmounted = spawnSync('umount', ['-l', mountPoint], { encoding: 'utf8' });
    if (unmounted.status !== 0) throw new Error(`umount ${mountPoint} failed: ${unmounted.stderr}`);
  }
  await rm(root, { recursive: true, force: true });
});

interface Disk {
  dir: string;
  fs?: StoreFs;
  /** Frees space (removes ballast). */
  free(): Promise<void>;
}

/** A real full disk: a tmpfs with a ballast file we can delete to make room. */
async function tmpfsDisk(): Promise<Disk> {
  const base = mountPoint as string;
  const ballast = join(base, 'ballast.bin');
  await writeFile(ballast, Buffer.alloc(64 * 1024, 1));
  return { dir: join(base, 'attempts', 'att-full'), free: () => rm(ballast) };
}

/** The fallback: the journal refuses writes after a number of appends, until freed. */
function injectedDisk(): Disk {
  let full = true;
  let appends = 0;
  const fs = faultyFs((op, path) => {
    if (op !== 'write') return undefined;
    if (path.endsWith(JOURNAL_FILE)) appends++;
    // After 40 appends everything is refused; a journal write gets 100 bytes onto disk first.
    return full && appends > 40 ? { code: 'ENOSPC', partialBytes: path.endsWith(JOURNAL_FILE) ? 100 : 0 } : undefined;
  });
  return {
    dir: join(root, 'injected', 'att-full'),
    fs,
    free: async () => {
      full = false;
    },
  };
}

/** Two kilobytes of essay, different for every save. */
function essay(i: number): string {
  return `${i}: ${'Caching trades consistency for latency; invalidation is the hard part. '.repeat(28)}`;
}

describe('disk full', () => {
  it('fails the save clearly, keeps everything acknowledged, and succeeds once space is freed', async () => {
    const disk = mountPoint !== null ? await tmpfsDisk() : injectedDisk();
    const viewErrors: VigilError[] = [];
    const options = { dir: disk.dir, fs: disk.fs, onViewWriteError: (e: VigilError) => viewErrors.push(e) };
    let store: AttemptStore = await track(openAttemptStore(options));

    const acknowledged = new Map<string, string>();
    let failure: unknown = null;
    let i = 0;
    for (; i < 2000; i++) {
      const before = store.view();
      try {
        await store.saveAnswer(`q${i % 9}`, essay(i));
        acknowledged.set(`q${i % 9}`, essay(i));
      } catch (error) {
        failure = error;
        // The failed save changed nothing in memory.
        expect(store.view()).toEqual(before);
        break;
      }
    }
    expect(failure, 'the disk never filled up').toBeInstanceOf(VigilError);
    expect(failure).toMatchObject({ code: 'storage', message: `could not append to ${join(disk.dir, JOURNAL_FILE)}: the disk is full (ENOSPC)` });
    expect(acknowledged.size).toBeGreaterThan(0);

    // On disk: exactly the acknowledged entries, no partial line.
    const scan = scanJournal(await readFile(join(disk.dir, JOURNAL_FILE)));
    expect(scan.kind).toBe('clean');
    expect(scan.entries).toHaveLength(i);

    // Still full: a retry fails the same clear way.
    await expect(store.saveAnswer(`q${i % 9}`, essay(i))).rejects.toMatchObject({ code: 'storage' });

    await disk.free();
    await expect(store.saveAnswer(`q${i % 9}`, essay(i))).resolves.toMatchObject({ seq: i + 1 });
    acknowledged.set(`q${i % 9}`, essay(i));
    // Closing writes attempt.json; with space back it succeeds.
    await store.close();

    store = await track(openAttemptStore(options));
    const answers = Object.fromEntries(Object.entries(store.view().answers).map(([k, v]) => [k, v.value]));
    expect(answers).toEqual(Object.fromEntries(acknowledged));
    expect(store.repairs().filter((r) => r.what === 'journal-tail')).toEqual([]);
    await store.close();
    for (const e of viewErrors) expect(e.code).toBe('storage');
  });

  it('refuses to open on a full disk with a clear error, then opens intact once space is freed', async () => {
    let fs: StoreFs | undefined;
    let dir: string;
    let fill: () => Promise<void>;
    let free: () => Promise<void>;
    if (mountPoint !== null) {
      const base = mountPoint;
      dir = join(base, 'attempts', 'att-open');
      fill = async () => {
        // Every last page: tmpfs counts whole pages, so the first refused 4 KiB write means none is left.
        for (let n = 0; ; n++) {
          try {
            await writeFile(join(base, `filler.${n}`), Buffer.alloc(4096, 2));
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
            return;
          }
        }
      };
      free = async () => {
        for (const name of await readdir(base)) if (name.startsWith('filler.')) await rm(join(base, name));
      };
    } else {
      let full = false;
      fs = faultyFs((op, path) => (full && (op === 'write' || (op === 'open' && path.endsWith('.tmp'))) ? { code: 'ENOSPC' } : undefined));
      dir = join(root, 'injected', 'att-open');
      fill = async () => {
        full = true;
      };
      free = async () => {
        full = false;
      };
    }

    let store = await track(openAttemptStore({ dir, fs }));
    await store.saveAnswer('q1', 'kept');
    await store.close();
    await fill();

    const failure = await openAttemptStore({ dir, fs }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(VigilError);
    expect(failure).toMatchObject({ code: 'storage', message: expect.stringMatching(new RegExp(`${dir}/attempt\\.lock: the disk is full \\(ENOSPC\\)$`)) });

    await free();
    store = await track(openAttemptStore({ dir, fs }));
    expect(store.view().answers.q1?.value).toBe('kept');
    expect(store.repairs()).toEqual([]);
    await store.close();
  });
});
