import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareWorkspace, removeEmptyWorkspace, removeWorkspace, workspaceDirFor } from '../../../../../electron/core/workspace/prepareWorkspace.js';

let root: string;
let pkg: string;
let attemptDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-prep-'));
  pkg = join(root, 'pkg');
  attemptDir = join(root, 'appdata', 'attempts', 'a1');
  const starter = join(pkg, 'tasks', 'sum', 'starter');
  await mkdir(join(starter, 'src', 'lib'), { recursive: true });
  await writeFile(join(starter, 'package.json'), '{"name":"sum"}');
  await writeFile(join(starter, 'src', 'sum.js'), 'export const sum = () => 0;\n');
  await writeFile(join(starter, 'run.sh'), '#!/bin/sh\necho run\n');
  await chmod(join(starter, 'run.sh'), 0o755);
  await writeFile(join(pkg, 'key.json'), '{"secret":true}');
  await mkdir(join(pkg, 'tasks', 'sum', 'hidden'));
  await writeFile(join(pkg, 'tasks', 'sum', 'hidden', 'h.test.js'), 'hidden');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const prepare = () => prepareWorkspace({ packageDir: pkg, task: 'tasks/sum', attemptDir, itemId: 'sum' });

describe('prepareWorkspace', () => {
  it('seeds a multi-language task from the picked language\'s starter, and a removed workspace from another', async () => {
    for (const [language, file] of [['python', 'main.py'], ['java', 'Main.java']] as const) {
      await mkdir(join(pkg, 'tasks', 'poly', language, 'starter'), { recursive: true });
      await writeFile(join(pkg, 'tasks', 'poly', language, 'starter', file), `${language} starter`);
    }
    const poly = (language: string) => prepareWorkspace({ packageDir: pkg, task: 'tasks/poly', attemptDir, itemId: 'poly', language });
    const first = await poly('python');
    expect(first.created).toBe(true);
    expect(await readdir(first.dir)).toEqual(['main.py']);
    expect(await readFile(join(first.dir, 'main.py'), 'utf8')).toBe('python starter');
    await removeWorkspace(attemptDir, 'poly');
    const second = await poly('java');
    expect(second).toEqual({ dir: first.dir, created: true, skipped: [] });
    expect(await readdir(second.dir)).toEqual(['Main.java']);
    // Nothing of the removal is left beside the workspaces.
    expect((await readdir(join(attemptDir, 'workspace'))).sort()).toEqual(['poly']);
  });

  it('removes an empty workspace (made before language picks) but never one with files', async () => {
    const { dir } = await prepare();
    expect(await removeEmptyWorkspace(attemptDir, 'sum')).toBe(false);
    expect(await readdir(dir)).toContain('package.json');
    await mkdir(workspaceDirFor(attemptDir, 'empty'), { recursive: true });
    expect(await removeEmptyWorkspace(attemptDir, 'empty')).toBe(true);
    expect((await readdir(join(attemptDir, 'workspace'))).sort()).toEqual(['sum']);
    expect(await removeEmptyWorkspace(attemptDir, 'never-made')).toBe(false);
  });

  it('copies the starter into <attemptDir>/workspace/<itemId>, keeping executable bits', async () => {
    const result = await prepare();
    expect(result).toEqual({ dir: join(attemptDir, 'workspace', 'sum'), created: true, skipped: [] });
    expect(await readFile(join(result.dir, 'src', 'sum.js'), 'utf8')).toContain('sum');
    expect((await stat(join(result.dir, 'run.sh'))).mode & 0o111).not.toBe(0);
    expect((await readdir(join(result.dir, 'src'))).sort()).toEqual(['lib', 'sum.js']);
    expect(await readdir(join(attemptDir, 'workspace'))).toEqual(['sum']);
  });

  it('never overwrites a candidate workspace on restart', async () => {
    const { dir } = await prepare();
    await writeFile(join(dir, 'src', 'sum.js'), 'candidate work');
    await rm(join(dir, 'package.json'));
    const again = await prepare();
    expect(again).toEqual({ dir, created: false, skipped: [] });
    expect(await readFile(join(dir, 'src', 'sum.js'), 'utf8')).toBe('candidate work');
    await expect(stat(join(dir, 'package.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('two concurrent prepares yield one workspace and no leftovers', async () => {
    const results = await Promise.all([prepare(), prepare(), prepare()]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await readdir(join(attemptDir, 'workspace'))).toEqual(['sum']);
  });

  it('removes a half copy left by a crash and copies afresh', async () => {
    await mkdir(join(attemptDir, 'workspace', '.tmp-sum-deadbeef'), { recursive: true });
    const result = await prepare();
    expect(result.created).toBe(true);
    expect(await readdir(join(attemptDir, 'workspace'))).toEqual(['sum']);
  });

  it('never follows links out of the starter: they are left out and reported', async () => {
    const starter = join(pkg, 'tasks', 'sum', 'starter');
    await symlink('../../../key.json', join(starter, 'key-link.json'));
    await symlink(join(pkg, 'tasks', 'sum', 'hidden'), join(starter, 'hidden-abs'));
    await symlink('../hidden', join(starter, 'src', 'hidden-rel'));
    await symlink('src/sum.js', join(starter, 'inside.js'));
    await symlink('missing.js', join(starter, 'dangling.js'));
    const { dir, skipped } = await prepare();

    expect(skipped.map((s) => s.path).sort()).toEqual(['dangling.js', 'hidden-abs', 'key-link.json', 'src/hidden-rel']);
    for (const name of ['key-link.json', 'hidden-abs', 'dangling.js']) {
      await expect(lstat(join(dir, name))).rejects.toMatchObject({ code: 'ENOENT' });
    }
    expect(await readlink(join(dir, 'inside.js'))).toBe('src/sum.js');
    expect(await readFile(join(dir, 'inside.js'), 'utf8')).toContain('sum');
  });

  it('refuses a starter that is itself a link out of the package', async () => {
    const outside = join(root, 'outside');
    await mkdir(outside);
    await mkdir(join(pkg, 'tasks', 'evil'));
    await symlink(outside, join(pkg, 'tasks', 'evil', 'starter'));
    await expect(prepareWorkspace({ packageDir: pkg, task: 'tasks/evil', attemptDir, itemId: 'evil' })).rejects.toMatchObject({
      code: 'package-invalid',
    });
    await expect(prepareWorkspace({ packageDir: pkg, task: '../outside', attemptDir, itemId: 'x' })).rejects.toMatchObject({
      code: 'package-invalid',
    });
  });

  it('creates an empty workspace when the task has no starter, and rejects ids that are not names', async () => {
    await mkdir(join(pkg, 'tasks', 'blank'));
    const result = await prepareWorkspace({ packageDir: pkg, task: 'tasks/blank', attemptDir, itemId: 'blank' });
    expect(result.created).toBe(true);
    expect(await readdir(result.dir)).toEqual([]);
    expect(() => workspaceDirFor(attemptDir, '../x')).toThrow(expect.objectContaining({ code: 'invalid-params' }));
  });
});
