import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header, type HeaderData } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractWorkspaceArchive, listWorkspaceArchive } from '../../../../../electron/core/workspace/extractWorkspaceArchive.js';

/** A tar.gz written header by header, with none of archiveWorkspace's care: what an attacker sends. */
interface RawEntry {
  path: string;
  type?: HeaderData['type'];
  linkpath?: string;
  data?: Buffer | string;
  /** Declared size, when it should differ from the data's. */
  size?: number;
}

function rawTar(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = e.data === undefined ? Buffer.alloc(0) : Buffer.from(e.data);
    const header = new Header({ path: e.path, type: e.type ?? 'File', mode: 0o644, size: e.size ?? data.length, linkpath: e.linkpath ?? '', mtime: new Date(0), uid: 0, gid: 0 });
    header.encode();
    if (!header.block) throw new Error('header did not encode');
    blocks.push(header.block);
    if (data.length > 0) blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

const rawTarGz = (entries: RawEntry[]) => gzipSync(rawTar(entries));

let root: string;
let dest: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-extract-'));
  dest = join(root, 'sandbox', 'dest');
  await mkdir(join(root, 'sandbox'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function expectRefused(archive: Buffer, message: RegExp): Promise<void> {
  await expect(extractWorkspaceArchive(archive, dest)).rejects.toMatchObject({ code: 'invalid-params', message });
  // All or nothing: the destination is gone again and nothing landed beside it.
  await expect(lstat(dest)).rejects.toMatchObject({ code: 'ENOENT' });
  expect(await readdir(join(root, 'sandbox'))).toEqual([]);
  expect(await readdir(root)).toEqual(['sandbox']);
}

describe('extractWorkspaceArchive', () => {
  it('extracts a plain archive: files, folders, inside links, and a hard link as a copy', async () => {
    const archive = rawTarGz([
      { path: 'src/', type: 'Directory' },
      { path: 'src/a.js', data: 'a' },
      { path: './b.txt', data: 'bee' },
      { path: 'link', type: 'SymbolicLink', linkpath: 'src/a.js' },
      { path: 'src/hard', type: 'Link', linkpath: 'b.txt' },
    ]);
    expect(await extractWorkspaceArchive(archive, dest)).toEqual({ files: 3, bytes: 1 + 3 + 3, entries: 5 });
    expect(await readFile(join(dest, 'link'), 'utf8')).toBe('a');
    expect(await readFile(join(dest, 'src', 'hard'), 'utf8')).toBe('bee');
    expect((await stat(join(dest, 'src', 'hard'))).ino).not.toBe((await stat(join(dest, 'b.txt'))).ino);
  });

  it.each([
    ['an entry with ..', [{ path: '../evil', data: 'x' }], /"\.\.\/evil" contains "\.\."/],
    ['.. in the middle', [{ path: 'a/../../evil', data: 'x' }], /contains "\.\."/],
    ['an absolute path', [{ path: '/etc/x', data: 'x' }], /"\/etc\/x" is an absolute path/],
    ['a backslash', [{ path: '..\\evil', data: 'x' }], /contains a backslash/],
    ['a drive letter', [{ path: 'C:evil', data: 'x' }], /drive letter/],
  ] as Array<[string, RawEntry[], RegExp]>)('refuses %s and writes nothing', async (_name, entries, message) => {
    await expectRefused(rawTarGz(entries), message);
    await expect(lstat(join(root, 'evil'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses symlinks that point out: absolute, up the tree, or out through another link', async () => {
    await expectRefused(rawTarGz([{ path: 'etc', type: 'SymbolicLink', linkpath: '/etc' }]), /symlink etc points out of the workspace/);
    await expectRefused(rawTarGz([{ path: 'a/up', type: 'SymbolicLink', linkpath: '../../..' }]), /symlink a\/up points out/);
    // Each target lexically inside; together they resolve out (x/y/z is x, so x/y/z/../.. is the parent).
    await expectRefused(
      rawTarGz([
        { path: 'x/y/', type: 'Directory' },
        { path: 'x/y/z', type: 'SymbolicLink', linkpath: '..' },
        { path: 'a', type: 'SymbolicLink', linkpath: 'x/y/z/../..' },
      ]),
      /symlink a resolves out of the workspace/,
    );
  });

  it('never writes through a link, even one pointing inside', async () => {
    await expectRefused(
      rawTarGz([
        { path: 'sub/', type: 'Directory' },
        { path: 'l', type: 'SymbolicLink', linkpath: 'sub' },
        { path: 'l/x', data: 'through the link' },
      ]),
      /l\/x would be written through a symlink/,
    );
  });

  it('refuses hard links out of the archive or to nothing stored before', async () => {
    await expectRefused(rawTarGz([{ path: 'h', type: 'Link', linkpath: '/etc/passwd' }]), /hard link h points out of the workspace/);
    await expectRefused(rawTarGz([{ path: 'h', type: 'Link', linkpath: '../outside/x' }]), /hard link h points out/);
    await expectRefused(rawTarGz([{ path: 'h', type: 'Link', linkpath: 'later' }, { path: 'later', data: 'x' }]), /does not name a file stored before it/);
  });

  it('refuses devices and FIFOs', async () => {
    await expectRefused(rawTarGz([{ path: 'null', type: 'CharacterDevice' }]), /null is a CharacterDevice/);
    await expectRefused(rawTarGz([{ path: 'disk', type: 'BlockDevice' }]), /disk is a BlockDevice/);
    await expectRefused(rawTarGz([{ path: 'pipe', type: 'FIFO' }]), /pipe is a FIFO/);
  });

  it('refuses a huge entry from its header, before reading its content', async () => {
    await expectRefused(rawTarGz([{ path: 'huge.bin', data: 'x', size: 8 * 1024 ** 3 }]), /more than 20971520 bytes of content \(at huge\.bin/);
  });

  it('stops a zip bomb: content over the cap is refused while streaming', async () => {
    const bomb = rawTarGz([
      { path: 'a.bin', data: Buffer.alloc(12 * 1024 * 1024) },
      { path: 'b.bin', data: Buffer.alloc(12 * 1024 * 1024) },
    ]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    await expectRefused(bomb, /more than 20971520 bytes of content \(at b\.bin/);
    // Hard links count too: each one writes a copy.
    const links = rawTarGz([{ path: 'a', data: Buffer.alloc(600) }, ...[1, 2].map((n) => ({ path: `h${n}`, type: 'Link' as const, linkpath: 'a' }))]);
    await expect(extractWorkspaceArchive(links, dest, { maxBytes: 1500 })).rejects.toMatchObject({ message: /more than 1500 bytes of content \(at h2\)/ });
  });

  it('refuses too many entries, and a decompressed stream far beyond the caps', async () => {
    await expect(extractWorkspaceArchive(rawTarGz([{ path: 'a' }, { path: 'b' }, { path: 'c' }]), dest, { maxEntries: 2 })).rejects.toMatchObject({
      message: /more than 2 entries/,
    });
    // 4 MB of zero padding after a valid entry: tiny compressed, refused once the stream passes the limit.
    const padded = gzipSync(Buffer.concat([rawTar([{ path: 'a', data: 'x' }]).subarray(0, 1024), Buffer.alloc(4 * 1024 * 1024)]));
    await expect(extractWorkspaceArchive(padded, dest, { maxBytes: 1024, maxEntries: 10 })).rejects.toMatchObject({ message: /decompresses to more than/ });
  });

  it('refuses what is not a tar.gz: plain tar, broken gzip, gzip of junk, duplicate paths', async () => {
    await expectRefused(rawTar([{ path: 'a', data: 'x' }]), /not a gzip file/);
    const gz = rawTarGz([{ path: 'a', data: 'x' }]);
    await expectRefused(Buffer.concat([gz.subarray(0, 20), Buffer.from('garbage garbage garbage')]), /not a valid (gzip stream|tar archive)/);
    await expectRefused(gzipSync(Buffer.from('x'.repeat(4096))), /not a valid tar archive/);
    await expectRefused(rawTarGz([{ path: 'a', data: 'x' }, { path: './a', data: 'y' }]), /a appears twice/);
  });

  it('extracts only into a missing or empty folder, and empties a given folder again on refusal', async () => {
    await mkdir(dest);
    await writeFile(join(dest, 'keep'), 'x');
    await expect(extractWorkspaceArchive(rawTarGz([{ path: 'a', data: 'x' }]), dest)).rejects.toMatchObject({ code: 'conflict' });
    expect(await readdir(dest)).toEqual(['keep']);
    await rm(join(dest, 'keep'));
    await expect(extractWorkspaceArchive(rawTarGz([{ path: 'ok', data: 'x' }, { path: '../evil', data: 'x' }]), dest)).rejects.toMatchObject({ code: 'invalid-params' });
    expect(await readdir(dest)).toEqual([]);
  });

  it('listWorkspaceArchive applies the same checks without writing', async () => {
    expect(await listWorkspaceArchive(rawTarGz([{ path: 'd/', type: 'Directory' }, { path: 'd/f', data: 'abc' }]))).toEqual([
      { path: 'd', type: 'dir', size: 0, mode: 0o644 },
      { path: 'd/f', type: 'file', size: 3, mode: 0o644 },
    ]);
    await expect(listWorkspaceArchive(rawTarGz([{ path: '/etc/passwd', data: 'x' }]))).rejects.toMatchObject({ code: 'invalid-params' });
    expect(await readdir(root)).toEqual(['sandbox']);
  });
});
