import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTempPathOf, mkdirDurable, tempPathFor, writeFileDurable } from '../../../../electron/base/fsyncWrite.js';
import { VigilError } from '../../../../shared/errors.js';
import { faultyFs } from '../../../fixtures/store/faultyFs.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-fsyncwrite-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileDurable', () => {
  it('creates and replaces a file, leaving no temp file', async () => {
    const path = join(dir, 'attempt.json');
    await writeFileDurable(path, 'one');
    await writeFileDurable(path, Buffer.from('two'));
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['attempt.json']);
  });

  it('writes temp, fsyncs it, renames, then fsyncs the folder, in that order', async () => {
    const fs = faultyFs();
    const path = join(dir, 'attempt.json');
    await writeFileDurable(path, 'x', fs);
    const ops = fs.calls.map((c) => `${c.op}:${c.path === dir ? 'dir' : c.path === path ? 'file' : 'temp'}`);
    expect(ops).toEqual(['open:temp', 'write:temp', 'sync:temp', 'close:temp', 'rename:temp', 'open:dir', 'sync:dir', 'close:dir']);
  });

  it('keeps the old content and removes the temp file when the disk is full', async () => {
    const path = join(dir, 'attempt.json');
    await writeFile(path, 'old');
    const fs = faultyFs((op) => (op === 'write' ? { code: 'ENOSPC', partialBytes: 3 } : undefined));
    const failure = await writeFileDurable(path, 'new content', fs).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(VigilError);
    expect(failure).toMatchObject({ code: 'storage', message: `could not write ${path}: the disk is full (ENOSPC)` });
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['attempt.json']);
  });

  it('keeps the old content when fsync reports an I/O error', async () => {
    const path = join(dir, 'attempt.json');
    await writeFile(path, 'old');
    const fs = faultyFs((op) => (op === 'sync' ? { code: 'EIO' } : undefined));
    await expect(writeFileDurable(path, 'new', fs)).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining('input/output error') });
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['attempt.json']);
  });

  it('names the file when the temp file cannot be created (read-only file system)', async () => {
    const path = join(dir, 'attempt.json');
    const fs = faultyFs((op) => (op === 'open' ? { code: 'EROFS' } : undefined));
    await expect(writeFileDurable(path, 'x', fs)).rejects.toMatchObject({ code: 'storage', message: `could not create a temporary file for ${path}: the file system is read-only (EROFS)` });
  });

  it('loops over short writes', async () => {
    const path = join(dir, 'big.bin');
    const fs = faultyFs();
    const realOpen = fs.open.bind(fs);
    fs.open = async (p, flags, mode) => {
      const handle = await realOpen(p, flags, mode);
      return { ...handle, write: (b, o, l, pos) => handle.write(b, o, Math.min(l, 7), pos) };
    };
    const data = Buffer.from('0123456789'.repeat(10));
    await writeFileDurable(path, data, fs);
    expect(await readFile(path)).toEqual(data);
  });
});

describe('temp names', () => {
  it('are unique per call and recognisable as leftovers', () => {
    const path = join(dir, 'attempt.json');
    const a = tempPathFor(path);
    expect(a).not.toBe(tempPathFor(path));
    expect(isTempPathOf(path, a.slice(dir.length + 1))).toBe(true);
    expect(isTempPathOf(path, 'attempt.json')).toBe(false);
    expect(isTempPathOf(path, 'attempt.json.bak.tmp')).toBe(false);
  });
});

describe('mkdirDurable', () => {
  it('creates missing folders and flushes each new name in its parent', async () => {
    const fs = faultyFs();
    const target = join(dir, 'attempts', 'att-1');
    await mkdirDurable(target, fs);
    expect((await readdir(join(dir, 'attempts')))).toEqual(['att-1']);
    const synced = fs.calls.filter((c) => c.op === 'sync').map((c) => c.path);
    expect(synced).toEqual([dir, join(dir, 'attempts')]);
    const before = fs.calls.length;
    await mkdirDurable(target, fs);
    expect(fs.calls.slice(before).map((c) => c.op)).toEqual(['exists']);
  });
});
