import { randomInt } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemOf } from '../../../shared/exam/examSchema.js';
import type { KeyEntryFor } from '../../../shared/exam/keySchema.js';
import { createCodingGrader } from '../../../electron/core/grading/coding/codingGrader.js';
import type { CodingGrader } from '../../../electron/core/grading/gradeAttempt.js';
import { archiveWorkspace } from '../../../electron/core/workspace/archiveWorkspace.js';
import { demoExamDir } from '../../support/paths.js';

/**
 * The coding grader end to end, with real `node --test` runs (sandboxed when bubblewrap works
 * here). Tasks are written into a temporary package; the demo's `sum` task is copied as is.
 */

type Files = Record<string, string>;
const TAP = 'node --test --test-reporter=tap hidden/';

let root: string;
let pkgDir: string;
let grader: CodingGrader;

async function writeFiles(dir: string, files: Files): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

async function addTask(name: string, parts: { starter?: Files; hidden?: Files; solution?: Files }): Promise<void> {
  for (const [part, files] of Object.entries(parts)) await writeFiles(join(pkgDir, 'tasks', name, part), files);
}

function item(task: string, points = 3): ItemOf<'coding'> {
  return { id: task.replace(/[^A-Za-z0-9-]/g, '-'), type: 'coding', prompt: 'Write it.', points, skills: [], task: `tasks/${task}` };
}

function key(command: string, report: 'tap' | 'junit' | 'exit-code' = 'tap', timeoutSeconds = 60): KeyEntryFor<'coding'> {
  return { command, report, timeoutSeconds };
}

/** A candidate workspace: the task's starter with `changes` written over it. */
async function workspace(task: string, changes: Files = {}): Promise<string> {
  const dir = await mkdtemp(join(root, 'ws-'));
  await cp(join(pkgDir, 'tasks', task, 'starter'), dir, { recursive: true });
  await writeFiles(dir, changes);
  return dir;
}

const SUM_SOLUTION = 'export function sum(numbers) {\n  return numbers.reduce((total, n) => total + n, 0);\n}\n';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-coding-grader-'));
  pkgDir = join(root, 'pkg');
  await cp(join(demoExamDir, 'tasks', 'sum'), join(pkgDir, 'tasks', 'sum'), { recursive: true });
  grader = createCodingGrader({ pkgDir, workRoot: join(root, 'work') });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createCodingGrader: scoring', () => {
  it('the reference solution earns every point; the starter passes some hidden tests, not all', async () => {
    const solved = await grader(item('sum'), key(TAP), { workspace: await workspace('sum', { 'sum.js': SUM_SOLUTION }) });
    expect(solved).toEqual({ score: 3, max: 3, status: 'correct', feedback: '3 of 3 hidden tests passed.' });

    const starter = await grader(item('sum'), key(TAP), { workspace: await workspace('sum') });
    expect(starter).toMatchObject({ score: 1, max: 3, status: 'partial' });
    expect(starter.feedback).toMatch(/^1 of 3 hidden tests passed\.\nNot passed:\n- negative numbers\n- a single number\n/);
    expect(starter.feedback).toMatch(/--- output ---[\s\S]*0 !== -3/);
  });

  it('grades the result archive exactly as the folder, and checks its sha256', async () => {
    const packed = await archiveWorkspace(await workspace('sum', { 'sum.js': SUM_SOLUTION }));
    const answer = { archive: packed.archive.toString('base64'), sha256: packed.sha256 };
    expect(await grader(item('sum'), key(TAP), answer)).toMatchObject({ score: 3, status: 'correct' });
    const tampered = { ...answer, sha256: '0'.repeat(64) };
    expect(await grader(item('sum'), key(TAP), tampered)).toMatchObject({ score: 0, status: 'incorrect', feedback: expect.stringMatching(/does not match its sha256/) });
    const hostile = { archive: Buffer.from('not an archive').toString('base64') };
    expect(await grader(item('sum'), key(TAP), hostile)).toMatchObject({ score: 0, status: 'incorrect', feedback: expect.stringMatching(/cannot be graded: workspace archive refused: not a gzip file/) });
  });

  it("a candidate's code that crashes the test file scores 0 of every hidden test (a candidate error)", async () => {
    const grade = await grader(item('sum'), key(TAP), { workspace: await workspace('sum', { 'sum.js': 'export function sum( {' }) });
    expect(grade).toMatchObject({ score: 0, max: 3, status: 'incorrect' });
    expect(grade.feedback).toMatch(/^0 of 3 hidden tests passed\./);
    expect(grade.feedback).toMatch(/SyntaxError/);
  });

  it("the candidate's own hidden/ folder and junit.xml are replaced, never run or read", async () => {
    const planted = {
      'hidden/sum.hidden.test.js': "import { test } from 'node:test';\ntest('empty array sums to 0', () => {});\ntest('negative numbers', () => {});\ntest('a single number', () => {});\n",
      'junit.xml': '<testsuites><testcase name="empty array sums to 0"/><testcase name="negative numbers"/><testcase name="a single number"/></testsuites>',
    };
    expect(await grader(item('sum'), key(TAP), { workspace: await workspace('sum', planted) })).toMatchObject({ score: 1, status: 'partial' });
    expect(await grader(item('sum'), key('node --test --test-reporter=junit hidden/', 'junit'), { workspace: await workspace('sum', planted) })).toMatchObject({
      score: 1,
      status: 'partial',
    });
  });

  it('JUnit XML from stdout or from junit.xml at the root counts testcases', async () => {
    for (const command of ['node --test --test-reporter=junit hidden/', 'node --test --test-reporter=junit --test-reporter-destination=junit.xml hidden/']) {
      expect(await grader(item('sum'), key(command, 'junit'), { workspace: await workspace('sum', { 'sum.js': SUM_SOLUTION }) })).toMatchObject({ score: 3, status: 'correct' });
      const partial = await grader(item('sum'), key(command, 'junit'), { workspace: await workspace('sum') });
      expect(partial).toMatchObject({ score: 1, status: 'partial', feedback: expect.stringMatching(/^1 of 3 hidden tests passed/) });
    }
  });

  it('exit-code is all or nothing', async () => {
    const k = key('node --test hidden/', 'exit-code');
    expect(await grader(item('sum'), k, { workspace: await workspace('sum', { 'sum.js': SUM_SOLUTION }) })).toMatchObject({ score: 3, status: 'correct' });
    expect(await grader(item('sum'), k, { workspace: await workspace('sum') })).toMatchObject({ score: 0, status: 'incorrect', feedback: expect.stringMatching(/^The command failed: exit code 1\./) });
  });

  it('never modifies the submitted workspace', async () => {
    const dir = await workspace('sum');
    const before = await snapshot(dir);
    await grader(item('sum'), key(TAP), { workspace: dir });
    expect(await snapshot(dir)).toEqual(before);
  });

  it('an answer of the wrong shape or a missing folder is the candidate\'s problem, not a crash', async () => {
    expect(await grader(item('sum'), key(TAP), { path: '/x' })).toMatchObject({ status: 'incorrect', feedback: expect.stringMatching(/invalid answer/) });
    expect(await grader(item('sum'), key(TAP), { workspace: join(root, 'missing') })).toMatchObject({ status: 'incorrect', feedback: expect.stringMatching(/nothing to grade: no workspace at/) });
  });

  it('runs the reference solution once per item, not once per candidate', async () => {
    // Without a sandbox the hidden test can count its runs in a file outside the copy.
    const counter = join(root, 'runs.txt');
    await addTask('counted', {
      starter: { 'package.json': '{"type":"module"}', 'value.js': 'export const value = 0;\n' },
      solution: { 'value.js': 'export const value = 1;\n' },
      hidden: {
        'value.test.js': `import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { appendFileSync } from 'node:fs';\nimport { value } from '../value.js';\nappendFileSync(${JSON.stringify(counter)}, 'run\\n');\ntest('value is 1', () => assert.equal(value, 1));\n`,
      },
    });
    const unsandboxed = createCodingGrader({ pkgDir, sandbox: 'none', workRoot: join(root, 'work') });
    expect(await unsandboxed(item('counted'), key(TAP), { workspace: await workspace('counted') })).toMatchObject({ status: 'incorrect' });
    expect(await unsandboxed(item('counted'), key(TAP), { workspace: await workspace('counted', { 'value.js': 'export const value = 1;\n' }) })).toMatchObject({ status: 'correct' });
    expect((await readFile(counter, 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
  });
});

describe('createCodingGrader: runaway code', () => {
  it('an infinite loop hits the timeout: a candidate-level 0 with "timed out", and no process left behind', async () => {
    const token = `t${randomInt(100_000_000, 999_999_999)}`;
    await addTask('loop', {
      starter: { 'package.json': '{"type":"module"}', 'spin.js': 'export function spin() {\n  while (true) {}\n}\n' },
      solution: { 'spin.js': 'export function spin() {\n  return 42;\n}\n' },
      hidden: { [`spin-${token}.test.js`]: "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { spin } from '../spin.js';\ntest('spin returns 42', () => assert.equal(spin(), 42));\n" },
    });
    const grade = await grader(item('loop'), key(TAP, 'tap', 3), { workspace: await workspace('loop') });
    expect(grade).toMatchObject({ score: 0, status: 'incorrect' });
    expect(grade.feedback).toMatch(/Timed out after 3 s: the run was stopped/);
    expect(grade.feedback).toMatch(/spin returns 42 \(no result: it did not run\)/);
    expect(await processesWith(token)).toEqual([]);
  });

  it('a 100 MB output is capped: the grade says the output was truncated', async () => {
    await addTask('flood', {
      starter: { 'flood.sh': "head -c 100000000 /dev/zero | tr '\\0' x\n" },
      solution: { 'flood.sh': 'true\n' },
      hidden: { 'ok.test.js': "import { test } from 'node:test';\ntest('runs', () => {});\n" },
    });
    const grade = await grader(item('flood'), key(`sh flood.sh && ${TAP}`), { workspace: await workspace('flood') });
    expect(grade).toMatchObject({ score: 0, status: 'incorrect' });
    expect(grade.feedback).toMatch(/Output truncated: only the first 1 MB of 95\.4 MB was read/);
    expect(grade.feedback?.length).toBeLessThan(20_000);
  });
});

describe('createCodingGrader: question errors', () => {
  it('a hidden test with a syntax error is a question error, not a candidate\'s zero', async () => {
    await addTask('broken-syntax', {
      starter: { 'package.json': '{"type":"module"}', 'sum.js': 'export const sum = () => 0;\n' },
      solution: { 'sum.js': SUM_SOLUTION },
      hidden: { 'sum.test.js': "import { test } from 'node:test';\ntest('x', () => { ( });\n" },
    });
    const grade = await grader(item('broken-syntax'), key(TAP), { workspace: await workspace('broken-syntax', { 'sum.js': SUM_SOLUTION }) });
    expect(grade).toMatchObject({ score: 0, max: 3, status: 'error' });
    expect(grade.feedback).toMatch(/^question error: the reference solution \(tasks\/broken-syntax\/solution\) fails 1 of 1 hidden tests/);
    expect(grade.feedback).toMatch(/--- reference run output ---[\s\S]*SyntaxError/);
  });

  it('a hidden test requiring a missing module (the solution fails too) is a question error', async () => {
    await addTask('broken-import', {
      starter: { 'package.json': '{"type":"module"}', 'sum.js': 'export const sum = () => 0;\n' },
      solution: { 'sum.js': SUM_SOLUTION },
      hidden: { 'sum.test.js': "import { test } from 'node:test';\nimport { helper } from './missing-helper.js';\ntest('x', () => helper());\n" },
    });
    expect(await grader(item('broken-import'), key(TAP), { workspace: await workspace('broken-import') })).toMatchObject({
      status: 'error',
      score: 0,
      feedback: expect.stringMatching(/^question error: the reference solution .* fails/),
    });
  });

  it('a task without hidden/ is a question error', async () => {
    await addTask('no-hidden', { starter: { 'a.js': '' } });
    expect(await grader(item('no-hidden'), key(TAP), { workspace: await workspace('no-hidden') })).toMatchObject({
      status: 'error',
      feedback: 'question error: tasks/no-hidden/hidden is missing from the grading package: the hidden tests cannot run',
    });
  });

  it('a command that reports no test at all is a question error (no tests parsed)', async () => {
    await addTask('no-tests', {
      starter: { 'a.js': '' },
      solution: { 'a.js': 'export {};\n' },
      hidden: { 'helper.js': 'export const x = 1;\n' },
    });
    expect(await grader(item('no-tests'), key(TAP), { workspace: await workspace('no-tests') })).toMatchObject({
      status: 'error',
      feedback: expect.stringMatching(/^question error: no test results \(tap\) in the output of `node --test --test-reporter=tap hidden\/` run against the reference solution/),
    });
    // Without a solution to compare with, no tests is still the question's fault.
    await addTask('no-tests-no-solution', { starter: { 'a.js': '' }, hidden: { 'helper.js': 'export const x = 1;\n' } });
    expect(await grader(item('no-tests-no-solution'), key(TAP), { workspace: await workspace('no-tests-no-solution') })).toMatchObject({
      status: 'error',
      feedback: expect.stringMatching(/^question error: no test results .* no reference solution/),
    });
  });
});

describe('createCodingGrader: system errors', () => {
  it('a grader that cannot make its working folder rejects (the caller retries), it does not grade', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    const broken = createCodingGrader({ pkgDir, workRoot: join(file, 'sub') });
    await expect(broken(item('sum'), key(TAP), { workspace: await workspace('sum') })).rejects.toMatchObject({ code: 'storage' });
  });

  it('leaves no grading folders behind', async () => {
    expect(await readdir(join(root, 'work'))).toEqual([]);
  });
});

/** Every path, its type, mode and content: what "unchanged" means. */
async function snapshot(dir: string): Promise<Array<[string, string]>> {
  const { lstat, readlink } = await import('node:fs/promises');
  const out: Array<[string, string]> = [];
  for (const rel of (await readdir(dir, { recursive: true })).sort()) {
    const path = join(dir, rel);
    const st = await lstat(path);
    const content = st.isFile() ? (await readFile(path)).toString('base64') : st.isSymbolicLink() ? await readlink(path) : '';
    out.push([rel, `${st.mode}:${st.mtimeMs}:${content}`]);
  }
  return out;
}

async function processesWith(token: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(token)) found.push(Number(name));
  }
  return found;
}
