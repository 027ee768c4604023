import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskGuard, workspaceUsage, type DiskBreach } from '../../../../../electron/core/terminal/diskGuard.js';

const MB = 1024 * 1024;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-diskguard-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function guard(options: { floorBytes?: number; quotaBytes?: number; maxEntries?: number; open?: () => boolean } = {}) {
  const breaches: DiskBreach[] = [];
  const logged: string[] = [];
  const g = new DiskGuard({
    journalDir: dir,
    workspaces: () => (options.open?.() === false ? [] : [{ itemId: 'q1', dir }]),
    onBreach: async (b) => {
      breaches.push(b);
    },
    log: (m) => logged.push(m),
    floorBytes: options.floorBytes ?? 0,
    quotaBytes: options.quotaBytes ?? 1024 * MB,
    ...(options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {}),
  });
  return { g, breaches, logged };
}

describe('workspaceUsage', () => {
  it('counts allocated blocks through subfolders: a sparse file counts for what it uses, links are not followed', async () => {
    await mkdir(join(dir, 'a/b'), { recursive: true });
    await writeFile(join(dir, 'a/b/data.bin'), Buffer.alloc(3 * MB, 1));
    await writeFile(join(dir, 'sparse.bin'), '');
    await truncate(join(dir, 'sparse.bin'), 500 * MB);
    const { symlink } = await import('node:fs/promises');
    await symlink('/usr', join(dir, 'usr-link'));
    const usage = await workspaceUsage(dir, 1000);
    expect(usage.bytes).toBeGreaterThanOrEqual(3 * MB);
    expect(usage.bytes).toBeLessThan(4 * MB);
    expect(usage.entries).toBe(5);
  });

  it('stops counting past the entry cap', async () => {
    for (let i = 0; i < 30; i++) await writeFile(join(dir, `f${i}`), 'x');
    expect((await workspaceUsage(dir, 10)).entries).toBe(11);
  });
});

describe('DiskGuard', () => {
  it('a workspace over its quota fires once, again only when it grew, and afresh after it was back under', async () => {
    const { g, breaches } = guard({ quotaBytes: 2 * MB });
    await writeFile(join(dir, 'one.bin'), Buffer.alloc(3 * MB, 1));
    await g.checkNow();
    expect(breaches).toEqual([expect.objectContaining({ kind: 'workspace-quota', itemId: 'q1', quotaBytes: 2 * MB })]);
    // The candidate's new shell deleting or writing a little: not ended again.
    await g.checkNow();
    await writeFile(join(dir, 'small.txt'), 'x'.repeat(1000));
    await g.checkNow();
    expect(breaches).toHaveLength(1);
    // Worse by more than the slack: ended again.
    await writeFile(join(dir, 'two.bin'), Buffer.alloc(10 * MB, 1));
    await g.checkNow();
    expect(breaches).toHaveLength(2);
    // Back under the quota, then over again: a new breach.
    await rm(join(dir, 'one.bin'));
    await rm(join(dir, 'two.bin'));
    await g.checkNow();
    await writeFile(join(dir, 'three.bin'), Buffer.alloc(3 * MB, 1));
    await g.checkNow();
    expect(breaches).toHaveLength(3);
  });

  it('too many files is over quota whatever their bytes', async () => {
    const { g, breaches } = guard({ maxEntries: 20 });
    for (let i = 0; i < 40; i++) await writeFile(join(dir, `f${i}`), '');
    await g.checkNow();
    expect(breaches).toEqual([expect.objectContaining({ kind: 'workspace-quota', entries: 21, maxEntries: 20 })]);
    // Still over, not worse: the next shell is not ended at once (it may be deleting).
    await g.checkNow();
    await g.checkNow();
    expect(breaches).toHaveLength(1);
  });

  it('the journal disk below the floor fires once until it gets worse; nothing is checked while no shell is open', async () => {
    let open = false;
    const { g, breaches } = guard({ floorBytes: Number.MAX_SAFE_INTEGER, open: () => open });
    await g.checkNow();
    expect(breaches).toEqual([]);
    open = true;
    await g.checkNow();
    expect(breaches).toEqual([expect.objectContaining({ kind: 'disk-floor', floorBytes: Number.MAX_SAFE_INTEGER })]);
    await g.checkNow();
    expect(breaches).toHaveLength(1);
  });

  it('a check that fails is logged and the guard keeps going', async () => {
    const { g, breaches, logged } = guard({ quotaBytes: 1 });
    await rm(dir, { recursive: true });
    await g.checkNow();
    await g.checkNow();
    expect(logged.join('\n')).toMatch(/disk guard: .*ENOENT/);
    // The same failure twice in a row is logged once.
    expect(logged).toHaveLength(1);
    await mkdir(dir);
    await writeFile(join(dir, 'x'), 'data');
    await g.checkNow();
    expect(breaches).toHaveLength(1);
  });
});
