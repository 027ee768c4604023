import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Header } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resultWorkspaceSchema } from '../../../../../shared/result.js';
import { archiveWorkspace, toResultWorkspace } from '../../../../../electron/core/workspace/archiveWorkspace.js';
import { extractWorkspaceArchive, listWorkspaceArchive } from '../../../../../electron/core/workspace/extractWorkspaceArchive.js';

const FILES: Record<string, string> = {
  'package.json': '{"name":"sum"}',
  'src/sum.js': 'export const sum = (xs) => xs.reduce((a, b) => a + b, 0);\n',
  'src/lib/util.js': 'export {};\n',
  'run.sh': '#!/bin/sh\necho run\n',
};
const FILE_BYTES = Object.values(FILES).reduce((sum, text) => sum + Buffer.byteLength(text), 0);

let root: string;
let ws: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-archive-'));
  ws = join(root, 'ws');
  await mkdir(join(ws, 'src', 'lib'), { recursive: true });
  for (const [path, text] of Object.entries(FILES)) await writeFile(join(ws, path), text);
  await chmod(join(ws, 'run.sh'), 0o700);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const paths = async (archive: Buffer) => (await listWorkspaceArchive(archive)).map((e) => e.path);

describe('archiveWorkspace', () => {
  it('archives the tree as a tar.gz with relative paths, sorted, and a matching sha256', async () => {
    const a = await archiveWorkspace(ws);
    expect(a.archive.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(a.sha256).toBe(createHash('sha256').update(a.archive).digest('hex'));
    expect(await paths(a.archive)).toEqual(['package.json', 'run.sh', 'src', 'src/lib', 'src/lib/util.js', 'src/sum.js']);
    expect(a).toMatchObject({ files: 4, entries: 6, skipped: [] });
    expect(a.bytes).toBe(FILE_BYTES);
    // Every entry is relative and free of "..": checked on the produced bytes, not on our intent.
    for (const entry of await listWorkspaceArchive(a.archive)) {
      expect(entry.path.startsWith('/')).toBe(false);
      expect(entry.path.split('/')).not.toContain('..');
    }
    expect(resultWorkspaceSchema.parse(toResultWorkspace(a))).toEqual({ archive: a.archive.toString('base64'), sha256: a.sha256 });
  });

  it('is deterministic: the same tree gives the same bytes, whatever the timestamps and permissions say', async () => {
    const first = await archiveWorkspace(ws);
    await utimes(join(ws, 'src', 'sum.js'), new Date('2031-05-05'), new Date('2031-05-05'));
    await chmod(join(ws, 'package.json'), 0o600);
    const second = await archiveWorkspace(ws);
    expect(second.sha256).toBe(first.sha256);
    expect(second.archive.equals(first.archive)).toBe(true);
    await writeFile(join(ws, 'src', 'sum.js'), 'changed');
    expect((await archiveWorkspace(ws)).sha256).not.toBe(first.sha256);
  });

  it('normalises metadata: uid/gid 0, fixed mtime, 0644 files and 0755 executables and folders', async () => {
    const a = await archiveWorkspace(ws);
    const modes = Object.fromEntries((await listWorkspaceArchive(a.archive)).map((e) => [e.path, e.mode]));
    expect(modes).toMatchObject({ 'package.json': 0o644, 'run.sh': 0o755, src: 0o755 });
    const tar = gunzipSync(a.archive);
    const header = new Header(tar, 0);
    expect(header).toMatchObject({ path: 'package.json', uid: 0, gid: 0, uname: '', gname: '', mtime: new Date('2000-01-01T00:00:00Z') });
    // gzip header: no timestamp.
    expect(a.archive.readUInt32LE(4)).toBe(0);
  });

  it('leaves out dependencies, VCS data and build outputs (build outputs only at the root)', async () => {
    for (const dir of ['node_modules/left-pad', '.git/objects', 'dist', 'build', 'coverage', '__pycache__', 'src/build', 'src/node_modules/x']) {
      await mkdir(join(ws, dir), { recursive: true });
      await writeFile(join(ws, dir, 'f.txt'), 'x');
    }
    await writeFile(join(ws, 'src', 'mod.pyc'), 'bytecode');
    await writeFile(join(ws, 'notes.log'), 'log');
    const a = await archiveWorkspace(ws, { exclude: ['*.log'] });
    const listed = await paths(a.archive);
    expect(listed).toContain('src/build/f.txt');
    for (const gone of ['node_modules', '.git', 'dist', 'build', 'coverage', '__pycache__', 'src/node_modules', 'src/mod.pyc', 'notes.log']) {
      expect(listed.some((p) => p === gone || p.startsWith(`${gone}/`))).toBe(false);
    }
  });

  it('stores links that stay inside and leaves out (and lists) links that lead out', async () => {
    await mkdir(join(root, 'outside'));
    await writeFile(join(root, 'outside', 'secret.txt'), 'secret');
    await symlink('src/sum.js', join(ws, 'main.js'));
    await symlink('lib/util.js', join(ws, 'src', 'u.js'));
    await symlink('/etc/passwd', join(ws, 'passwd'));
    await symlink('../outside/secret.txt', join(ws, 'up'));
    await symlink('src/../../outside', join(ws, 'sneaky'));
    // Inside on paper, outside in fact: a link through a link.
    await symlink('../../outside', join(ws, 'src', 'hop'));
    await symlink('src/hop', join(ws, 'chain'));
    const a = await archiveWorkspace(ws);
    const entries = await listWorkspaceArchive(a.archive);
    expect(entries.find((e) => e.path === 'main.js')).toMatchObject({ type: 'symlink', linkpath: 'src/sum.js' });
    expect(entries.find((e) => e.path === 'src/u.js')).toMatchObject({ type: 'symlink', linkpath: 'lib/util.js' });
    const skipped = Object.fromEntries(a.skipped.map((s) => [s.path, s.reason]));
    expect(skipped).toEqual({
      passwd: 'absolute link to /etc/passwd',
      up: 'link to ../outside/secret.txt leads out of the workspace',
      sneaky: 'link to src/../../outside leads out of the workspace',
      chain: 'link to src/hop resolves outside the workspace',
      'src/hop': 'link to ../../outside leads out of the workspace',
    });
    expect(entries.map((e) => e.path)).not.toContain('passwd');
    // Extracted, the kept links work and point where they did.
    const out = join(root, 'out');
    await extractWorkspaceArchive(a.archive, out);
    expect(await readlink(join(out, 'main.js'))).toBe('src/sum.js');
    expect(await readFile(join(out, 'main.js'), 'utf8')).toContain('reduce');
  });

  it('over the cap, leaves out the biggest files until the rest fits, and lists them', async () => {
    await writeFile(join(ws, 'big.log'), Buffer.alloc(6000, 1));
    await writeFile(join(ws, 'medium.bin'), Buffer.alloc(3000, 2));
    await writeFile(join(ws, 'src', 'data.json'), Buffer.alloc(500, 3));
    const a = await archiveWorkspace(ws, { maxBytes: 4000 });
    expect(a.skipped).toEqual([{ path: 'big.log', reason: expect.stringMatching(/^5\.9 KB: left out to keep the workspace under 3\.9 KB$/) }]);
    expect(a.bytes).toBeLessThanOrEqual(4000);
    const listed = await paths(a.archive);
    expect(listed).toContain('medium.bin');
    expect(listed).not.toContain('big.log');
    const tiny = await archiveWorkspace(ws, { maxBytes: FILE_BYTES });
    expect(tiny.skipped.map((s) => s.path)).toEqual(['big.log', 'medium.bin', 'src/data.json']);
    expect(tiny.bytes).toBe(FILE_BYTES);
  });

  it('with too many entries, keeps the first ones in name order and says where it stopped', async () => {
    const a = await archiveWorkspace(ws, { maxEntries: 3 });
    expect(await paths(a.archive)).toEqual(['package.json', 'run.sh', 'src']);
    expect(a.skipped).toEqual([{ path: 'src/lib', reason: expect.stringMatching(/more than 3 entries/) }]);
  });

  it('leaves out what is nested too deep or has too long a path, lists it in the result, and the rest still extracts', async () => {
    await mkdir(join(ws, ...Array.from({ length: 70 }, () => 'd')), { recursive: true });
    const long = ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => c.repeat(200));
    await mkdir(join(ws, ...long.slice(0, 5)), { recursive: true });
    await writeFile(join(ws, ...long), 'x');
    const a = await archiveWorkspace(ws);
    expect(a.skipped).toEqual([
      { path: long.slice(0, 5).join('/').slice(0, 200) + '…', reason: 'its path is longer than 1024 bytes' },
      { path: Array.from({ length: 64 }, () => 'd').join('/'), reason: 'nested deeper than 64 folders: everything inside is left out' },
    ]);
    const listed = await paths(a.archive);
    expect(listed).toContain('src/sum.js');
    expect(Math.max(...listed.map((p) => p.split('/').length))).toBe(64);
    const out = join(root, 'out');
    await extractWorkspaceArchive(a.archive, out);
    expect(await readFile(join(out, 'src', 'sum.js'), 'utf8')).toBe(FILES['src/sum.js']);
    const result = toResultWorkspace(a);
    expect(resultWorkspaceSchema.parse(result).skipped).toEqual(a.skipped);
  });

  it('lists at most 100 skipped entries in the result, then counts the rest', () => {
    const skipped = Array.from({ length: 150 }, (_, i) => ({ path: `f${i}`, reason: 'too big' }));
    const result = toResultWorkspace({ archive: Buffer.from('x'), sha256: 'a'.repeat(64), skipped });
    expect(result.skipped).toHaveLength(101);
    expect(result.skipped?.at(-1)).toEqual({ path: '…', reason: 'and 50 more left out' });
  });

  it('round-trips through extraction: same files, same content, executables stay executable', async () => {
    await mkdir(join(ws, 'empty-dir'));
    await writeFile(join(ws, `${'n'.repeat(150)}.txt`), 'long name');
    await writeFile(join(ws, 'ünïcode.txt'), 'é');
    const a = await archiveWorkspace(ws);
    const out = join(root, 'out');
    const extracted = await extractWorkspaceArchive(a.archive, out);
    expect(extracted).toEqual({ files: a.files, bytes: a.bytes, entries: a.entries });
    expect(await readFile(join(out, 'src', 'sum.js'), 'utf8')).toBe(await readFile(join(ws, 'src', 'sum.js'), 'utf8'));
    expect(await readFile(join(out, `${'n'.repeat(150)}.txt`), 'utf8')).toBe('long name');
    expect(await readFile(join(out, 'ünïcode.txt'), 'utf8')).toBe('é');
    expect((await stat(join(out, 'empty-dir'))).isDirectory()).toBe(true);
    expect((await stat(join(out, 'run.sh'))).mode & 0o100).not.toBe(0);
    expect((await stat(join(out, 'package.json'))).mode & 0o111).toBe(0);
    // And archiving the extracted copy gives the very same archive.
    expect((await archiveWorkspace(out)).sha256).toBe(a.sha256);
  });

  it('archives an empty workspace into an archive that extracts to nothing', async () => {
    const empty = join(root, 'empty');
    await mkdir(empty);
    const a = await archiveWorkspace(empty);
    expect(a).toMatchObject({ files: 0, entries: 0, bytes: 0, skipped: [] });
    expect(await listWorkspaceArchive(a.archive)).toEqual([]);
    expect(await extractWorkspaceArchive(a.archive, join(root, 'out'))).toEqual({ files: 0, bytes: 0, entries: 0 });
  });

  it('refuses a missing workspace (not-found) and a file (invalid-params)', async () => {
    await expect(archiveWorkspace(join(root, 'nope'))).rejects.toMatchObject({ code: 'not-found' });
    await expect(archiveWorkspace(join(ws, 'package.json'))).rejects.toMatchObject({ code: 'invalid-params' });
  });

  it('never modifies the workspace it reads', async () => {
    const before = await readFile(join(ws, 'src', 'sum.js'));
    const mtime = (await stat(join(ws, 'src', 'sum.js'))).mtimeMs;
    await archiveWorkspace(ws);
    expect(await readFile(join(ws, 'src', 'sum.js'))).toEqual(before);
    expect((await stat(join(ws, 'src', 'sum.js'))).mtimeMs).toBe(mtime);
  });
});
