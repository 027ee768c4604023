import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileOnce } from '../../../../../electron/core/device/writeFileOnce.js';
import { nodeStoreFs, type StoreFs } from '../../../../../electron/base/storeFs.js';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'vigil-once-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const errno = (code: string): Error => Object.assign(new Error(code), { code });

describe('writeFileOnce', () => {
  it('creates the file once and never replaces it; no temp files remain', async () => {
    const path = join(dir, 'once.json');
    expect(await writeFileOnce(path, 'first')).toBe('created');
    expect(await writeFileOnce(path, 'second')).toBe('exists');
    expect(await fsp.readFile(path, 'utf8')).toBe('first');
    expect(await fsp.readdir(dir)).toEqual(['once.json']);
    if (process.platform !== 'win32') expect((await fsp.stat(path)).mode & 0o777).toBe(0o600);
  });

  it('falls back to rename where hard links are unsupported, still refusing to replace', async () => {
    const noLinks: StoreFs = { ...nodeStoreFs, link: () => Promise.reject(errno('EPERM')) };
    const path = join(dir, 'fat.json');
    expect(await writeFileOnce(path, 'first', noLinks)).toBe('created');
    expect(await writeFileOnce(path, 'second', noLinks)).toBe('exists');
    expect(await fsp.readFile(path, 'utf8')).toBe('first');
    expect(await fsp.readdir(dir)).toEqual(['fat.json']);
  });

  it('a full disk is a storage error naming the file, and the temp file is removed', async () => {
    const full: StoreFs = {
      ...nodeStoreFs,
      open: async (p, flags, mode) => {
        const handle = await nodeStoreFs.open(p, flags, mode);
        return { ...handle, write: () => Promise.reject(errno('ENOSPC')), sync: () => handle.sync(), close: () => handle.close(), datasync: () => handle.datasync(), truncate: (n) => handle.truncate(n) };
      },
    };
    const path = join(dir, 'full.json');
    await expect(writeFileOnce(path, 'data', full)).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining('the disk is full') as unknown });
    expect(await fsp.readdir(dir)).toEqual([]);
  });
});
