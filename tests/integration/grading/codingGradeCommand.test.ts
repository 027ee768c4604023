import { createHash } from 'node:crypto';
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../electron/cli/commands/grade.js';
import { gradedResultSchema } from '../../../shared/grading/resultSchema.js';
import { demoExamDir } from '../../support/paths.js';
import { runCaptured } from '../../fixtures/packages/runCommand.js';

/** `vigil grade` on coding items: `{"workspace": "<dir>"}` relative to answers.json, graded by the coding runner. */

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vigil-grade-coding-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function grade(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCaptured(run, argv);
}

/** A digest of every path, type, mode, mtime and content under `dir`. */
async function treeHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const rel of (await readdir(dir, { recursive: true })).sort()) {
    const path = join(dir, rel);
    const st = await lstat(path);
    hash.update(`${rel}\0${st.mode}\0${st.mtimeMs}\0${st.size}\0`);
    if (st.isFile()) hash.update(await readFile(path));
    if (st.isSymbolicLink()) hash.update(await readlink(path));
  }
  return hash.digest('hex');
}

describe('vigil grade with coding answers', () => {
  it('grades {"workspace": "<dir>"} relative to answers.json, and leaves that folder exactly as it was', async () => {
    const answersDir = join(tmp, 'answers');
    const solved = join(answersDir, 'workspaces', 'solved');
    await mkdir(join(answersDir, 'workspaces'), { recursive: true });
    await cp(join(demoExamDir, 'tasks/sum/starter'), solved, { recursive: true });
    await cp(join(demoExamDir, 'tasks/sum/solution'), solved, { recursive: true, force: true });
    // Things a real workspace has: dependencies and build output (left out), a link inside.
    await mkdir(join(solved, 'node_modules', 'dep'), { recursive: true });
    await writeFile(join(solved, 'node_modules', 'dep', 'index.js'), 'module.exports = 1;');
    await symlink('sum.js', join(solved, 'main.js'));
    const before = await treeHash(solved);

    const file = join(answersDir, 'answers.json');
    await writeFile(file, JSON.stringify({ 'sum-function': { workspace: 'workspaces/solved' }, 'http-status': 'b' }));
    const { code, stdout, stderr } = await grade(demoExamDir, file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = gradedResultSchema.parse(JSON.parse(stdout));
    expect(result.items['sum-function']).toEqual({ score: 2, max: 2, status: 'correct', feedback: '3 of 3 hidden tests passed.', skills: { coding: { score: 2, max: 2 } } });
    expect(result.items['http-status']).toMatchObject({ status: 'correct' });
    expect(result.skills['coding']).toMatchObject({ score: 2 });
    expect(await treeHash(solved)).toBe(before);
  });

  it('the starter as submitted scores partially, with the failing hidden tests named', async () => {
    const ws = join(tmp, 'starter-ws');
    await cp(join(demoExamDir, 'tasks/sum/starter'), ws, { recursive: true });
    const before = await treeHash(ws);
    const file = join(tmp, 'starter.json');
    await writeFile(file, JSON.stringify({ 'sum-function': { workspace: 'starter-ws' } }));
    const { code, stdout } = await grade(demoExamDir, file);
    expect(code).toBe(0);
    const item = gradedResultSchema.parse(JSON.parse(stdout)).items['sum-function'];
    // The starter's `return 0` passes only the empty-array test, weighted 0.2 of 2 points in key.json.
    expect(item).toMatchObject({ score: 0.2, max: 2, status: 'partial' });
    expect(item?.feedback).toMatch(/^1 of 3 hidden tests passed\.\nNot passed:\n- negative numbers\n- a single number/);
    expect(await treeHash(ws)).toBe(before);
  });
});
