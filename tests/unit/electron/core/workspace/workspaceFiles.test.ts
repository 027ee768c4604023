import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VigilError } from '../../../../../shared/errors.js';
import { WORKSPACE_MAX_FILE_CHARS } from '../../../../../shared/workspace.js';
import { WORKSPACE_LIST_MAX_ENTRIES, WorkspaceFiles } from '../../../../../electron/core/workspace/workspaceFiles.js';

let root: string;
let ws: string;
let outside: string;
let files: WorkspaceFiles;
let changes: Array<{ itemId: string; paths: string[] }>;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-wsfiles-'));
  ws = join(root, 'workspace');
  outside = join(root, 'appdata');
  await mkdir(join(ws, 'src', 'lib'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(outside, 'key.json'), '{"secret":"answer"}');
  await writeFile(join(ws, 'sum.js'), 'export const sum = () => 0;\n');
  await writeFile(join(ws, 'src', 'lib', 'util.js'), 'export {};\n');
  await writeFile(join(ws, 'README.md'), '# task\n');
  changes = [];
  files = new WorkspaceFiles({ onChange: (itemId, paths) => changes.push({ itemId, paths }), debounceMs: 30, log: () => {} });
});
afterEach(async () => {
  files.unwatchAll();
  await rm(root, { recursive: true, force: true });
});

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VigilError) return error.code;
    throw error;
  }
  return 'ok';
}

describe('WorkspaceFiles.list', () => {
  it('lists files and folders in tree order (folders first), leaving out node_modules and .git', async () => {
    await mkdir(join(ws, 'node_modules', 'dep'), { recursive: true });
    await writeFile(join(ws, 'node_modules', 'dep', 'index.js'), '');
    await mkdir(join(ws, '.git'));
    await writeFile(join(ws, '.git', 'HEAD'), 'ref');
    await writeFile(join(ws, '.gitignore'), 'node_modules\n');
    const { entries, truncated } = await files.list(ws);
    expect(truncated).toBe(false);
    expect(entries.map((e) => `${e.kind}:${e.path}`)).toEqual(['dir:src', 'dir:src/lib', 'file:src/lib/util.js', 'file:.gitignore', 'file:README.md', 'file:sum.js']);
    expect(entries.find((e) => e.path === 'sum.js')?.size).toBe(Buffer.byteLength('export const sum = () => 0;\n'));
  });

  it('shows links that stay inside and leaves out links leading out or dangling', async () => {
    await symlink('sum.js', join(ws, 'alias.js'));
    await symlink(join(outside, 'key.json'), join(ws, 'key.json'));
    await symlink('../appdata', join(ws, 'data'));
    await symlink('missing.js', join(ws, 'dangling.js'));
    await symlink('src', join(ws, 'srclink'));
    const paths = (await files.list(ws)).entries.map((e) => `${e.kind}:${e.path}`);
    expect(paths).toContain('file:alias.js');
    expect(paths).toContain('dir:srclink');
    expect(paths.some((p) => p.startsWith('dir:srclink/'))).toBe(false); // folder links are not descended
    expect(paths.some((p) => p.includes('key.json') || p.includes('data') || p.includes('dangling'))).toBe(false);
  });

  it('stops at the entry cap, keeping the top level', async () => {
    await mkdir(join(ws, 'big'));
    await Promise.all(Array.from({ length: WORKSPACE_LIST_MAX_ENTRIES + 10 }, (_, i) => writeFile(join(ws, 'big', `f${i}.txt`), '')));
    const { entries, truncated } = await files.list(ws);
    expect(truncated).toBe(true);
    expect(entries).toHaveLength(WORKSPACE_LIST_MAX_ENTRIES);
    expect(entries.map((e) => e.path)).toEqual(expect.arrayContaining(['sum.js', 'README.md', 'src', 'big']));
  });
});

describe('WorkspaceFiles.read', () => {
  it('reads a text file with its mtime', async () => {
    const result = await files.read(ws, 'src/lib/util.js');
    expect(result.content).toBe('export {};\n');
    expect(result.mtimeMs).toBe((await stat(join(ws, 'src', 'lib', 'util.js'))).mtimeMs);
  });

  it('says not-found for a missing file', async () => {
    expect(await code(files.read(ws, 'nope.js'))).toBe('not-found');
    expect(await code(files.read(ws, 'sum.js/x'))).toBe('not-found');
  });

  it('refuses .., absolute paths and links leading out, without reading the target', async () => {
    expect(await code(files.read(ws, '../appdata/key.json'))).toBe('forbidden');
    expect(await code(files.read(ws, join(outside, 'key.json')))).toBe('forbidden');
    expect(await code(files.read(ws, 'src/../../appdata/key.json'))).toBe('forbidden');
    await symlink(join(outside, 'key.json'), join(ws, 'key.json'));
    await symlink('../appdata', join(ws, 'data'));
    await symlink('../appdata/missing.json', join(ws, 'probe.json'));
    expect(await code(files.read(ws, 'key.json'))).toBe('forbidden');
    expect(await code(files.read(ws, 'data/key.json'))).toBe('forbidden');
    // A dangling link pointing out must not tell whether its target exists.
    expect(await code(files.read(ws, 'probe.json'))).toBe('forbidden');
  });

  it('follows links that stay inside the workspace', async () => {
    await symlink('src/lib', join(ws, 'lib'));
    expect((await files.read(ws, 'lib/util.js')).content).toBe('export {};\n');
  });

  it('refuses binaries, folders and files over the size cap', async () => {
    await writeFile(join(ws, 'a.out'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
    expect(await code(files.read(ws, 'a.out'))).toBe('invalid-params');
    expect(await code(files.read(ws, 'src'))).toBe('invalid-params');
    await writeFile(join(ws, 'huge.txt'), 'x'.repeat(WORKSPACE_MAX_FILE_CHARS + 1));
    expect(await code(files.read(ws, 'huge.txt'))).toBe('invalid-params');
  });

  it('does not hang on a FIFO planted in the workspace', async () => {
    await new Promise<void>((resolve, reject) => {
      const p = spawn('mkfifo', [join(ws, 'pipe')]);
      p.on('error', reject);
      p.on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`mkfifo exited ${c}`))));
    });
    expect(await code(files.read(ws, 'pipe'))).toBe('invalid-params');
  });
});

describe('WorkspaceFiles.write', () => {
  it('replaces a file atomically, keeping its mode, and leaves no temp file behind', async () => {
    await writeFile(join(ws, 'run.sh'), '#!/bin/sh\n');
    await chmod(join(ws, 'run.sh'), 0o755);
    const { mtimeMs } = await files.write(ws, 'run.sh', '#!/bin/sh\necho hi\n');
    expect(await readFile(join(ws, 'run.sh'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    const st = await stat(join(ws, 'run.sh'));
    expect(st.mode & 0o777).toBe(0o755);
    expect(mtimeMs).toBe(st.mtimeMs);
    expect((await readdir(ws)).filter((n) => n.startsWith('.vigil-save-'))).toEqual([]);
  });

  it('creates missing parent folders', async () => {
    await files.write(ws, 'test/deep/new.test.js', 'ok');
    expect(await readFile(join(ws, 'test', 'deep', 'new.test.js'), 'utf8')).toBe('ok');
  });

  it('writes through a link inside the workspace, keeping the link', async () => {
    await symlink('sum.js', join(ws, 'alias.js'));
    await files.write(ws, 'alias.js', 'changed');
    expect(await readFile(join(ws, 'sum.js'), 'utf8')).toBe('changed');
    expect((await files.list(ws)).entries.find((e) => e.path === 'alias.js')?.kind).toBe('file');
  });

  it('refuses paths leading out: .., absolute, a linked file or folder outside', async () => {
    await symlink(join(outside, 'key.json'), join(ws, 'key.json'));
    await symlink('../appdata', join(ws, 'data'));
    expect(await code(files.write(ws, '../appdata/evil.txt', 'x'))).toBe('forbidden');
    expect(await code(files.write(ws, join(outside, 'evil.txt'), 'x'))).toBe('forbidden');
    expect(await code(files.write(ws, 'key.json', 'x'))).toBe('forbidden');
    expect(await code(files.write(ws, 'data/evil.txt', 'x'))).toBe('forbidden');
    expect(await code(files.write(ws, 'data/sub/evil.txt', 'x'))).toBe('forbidden');
    expect(await readFile(join(outside, 'key.json'), 'utf8')).toBe('{"secret":"answer"}');
    expect(await readdir(outside)).toEqual(['key.json']);
  });

  it('refuses to write over a folder or below a file', async () => {
    expect(await code(files.write(ws, 'src', 'x'))).toBe('invalid-params');
    expect(await code(files.write(ws, 'sum.js/x.js', 'x'))).toBe('invalid-params');
  });
});

describe('WorkspaceFiles.watch', () => {
  async function waitFor(predicate: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (predicate()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}; changes: ${JSON.stringify(changes)}`);
  }
  const reported = (path: string) => changes.some((c) => c.itemId === 'sum-function' && c.paths.includes(path));

  it('reports changes made by another process, with relative paths, in new folders too', async () => {
    files.watch('sum-function', ws);
    files.watch('sum-function', ws); // idempotent
    await new Promise((r) => setTimeout(r, 100)); // the initial folder scan
    const sh = spawn('sh', ['-c', 'echo x >> notes.txt && mkdir -p a/b && echo y > a/b/c.txt && echo z >> src/lib/util.js'], { cwd: ws });
    await new Promise((r) => sh.on('exit', r));
    await waitFor(() => reported('notes.txt') && reported('a/b/c.txt') && reported('src/lib/util.js'), 'the shell changes');
    expect(changes.every((c) => c.paths.every((p) => !p.startsWith('/')))).toBe(true);
  });

  it('ignores node_modules and .git, and stops after unwatchAll', async () => {
    await mkdir(join(ws, 'node_modules'));
    files.watch('sum-function', ws);
    await new Promise((r) => setTimeout(r, 100));
    await writeFile(join(ws, 'node_modules', 'x.js'), '');
    await mkdir(join(ws, '.git'));
    await writeFile(join(ws, 'marker.txt'), '');
    await waitFor(() => reported('marker.txt'), 'marker.txt');
    expect(changes.flatMap((c) => c.paths).filter((p) => p.includes('node_modules') || p.includes('.git'))).toEqual([]);
    files.unwatchAll();
    changes = [];
    await writeFile(join(ws, 'after.txt'), '');
    await new Promise((r) => setTimeout(r, 200));
    expect(changes).toEqual([]);
  });

  it('debounces a burst of writes into few reports', async () => {
    files = new WorkspaceFiles({ onChange: (itemId, paths) => changes.push({ itemId, paths }), debounceMs: 300, log: () => {} });
    files.watch('sum-function', ws);
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 20; i++) await writeFile(join(ws, 'sum.js'), `v${i}`);
    await waitFor(() => reported('sum.js'), 'sum.js');
    expect(changes.length).toBeLessThan(5);
  });
});
