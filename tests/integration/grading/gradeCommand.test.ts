import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../electron/cli/commands/grade.js';
import { gradedResultSchema } from '../../../shared/grading/resultSchema.js';
import { runCaptured } from '../../fixtures/packages/runCommand.js';

const root = path.resolve(import.meta.dirname, '../../..');
const demoDir = path.join(root, 'resources/exams/demo');
const gradeModule = path.join(root, 'electron/cli/commands/grade.ts');

const perfect = {
  'http-status': 'b',
  'idempotent-methods': ['get', 'put', 'delete'],
  'cache-header': ' etag ',
  'latency-budget': 145,
  'top-customers': 'SELECT customer_id AS c, COUNT(*) AS n FROM orders GROUP BY 1 HAVING n >= 2',
  'explain-index': 'Each index slows down every insert and update and costs storage.',
};

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'vigil-grade-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function answersFile(name: string, content: unknown): Promise<string> {
  const file = path.join(tmp, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** Runs the command in-process, capturing what it writes. */
function grade(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCaptured(run, argv);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('vigil grade', () => {
  it('runs as a real process: prints the graded result of the demo package and exits 0', async () => {
    const file = await answersFile('perfect.json', perfect);
    const script = `const m = await import(${JSON.stringify(gradeModule)}); process.exitCode = await m.run(process.argv.slice(1));`;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, demoDir, file], {
      cwd: root,
      timeout: 60_000,
    });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^\{\n {2}"examId": "demo",\n/);
    const result = gradedResultSchema.parse(JSON.parse(stdout));
    expect(result).toMatchObject({ examId: 'demo', score: 7, maxScore: 11, pendingManual: ['explain-index'] });
    expect(result.items['sum-function']).toMatchObject({ status: 'unanswered' });
    expect(result.items['top-customers']).toMatchObject({ status: 'correct', score: 2 });
  });

  it('grades mistakes: partial credit, SQL errors and coding items', async () => {
    const file = await answersFile('mixed.json', {
      'idempotent-methods': ['get', 'post'],
      'top-customers': 'SELECT customer_id FROM orderz',
      'sum-function': { workspace: 'ws' },
    });
    const { code, stdout, stderr } = await grade(demoDir, file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = gradedResultSchema.parse(JSON.parse(stdout));
    expect(result.items['idempotent-methods']).toMatchObject({ status: 'incorrect', score: 0 });
    expect(result.items['top-customers']).toMatchObject({ status: 'incorrect', score: 0, feedback: 'no such table: orderz' });
    expect(result.items['sum-function']).toMatchObject({ status: 'incorrect', score: 0, feedback: expect.stringMatching(/nothing to grade: no workspace at .*ws/) });
    expect(result.items['http-status']).toMatchObject({ status: 'unanswered' });
  });

  it('bad arguments exit 1 with the usage', async () => {
    for (const argv of [[], [demoDir], [demoDir, 'a.json', 'extra'], ['--frobnicate', demoDir, 'a.json']]) {
      const r = await grade(...argv);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^vigil grade: .*\n[\s\S]*usage: vigil grade <package-dir> <answers.json>/);
      expect(r.stdout).toBe('');
    }
    const help = await grade('--help');
    expect(help).toMatchObject({ code: 0, stdout: expect.stringMatching(/usage: vigil grade/) });
  });

  it('an invalid package lists every problem', async () => {
    const dir = path.join(tmp, 'broken');
    await cp(demoDir, dir, { recursive: true });
    await rm(path.join(dir, 'data/shop.sql'));
    await writeFile(path.join(dir, 'key.json'), JSON.stringify({ format: 'vigil-key/1', examId: 'demo', examVersion: '2026.11.0', items: { 'http-status': { answer: 'zz' } } }));
    const file = await answersFile('any.json', {});
    const r = await grade(dir, file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/is not a valid exam package \(\d+ problems\)/);
    expect(r.stderr).toMatch(/data\/shop\.sql/);
    expect(r.stderr).toMatch(/key\.json: /);
  });

  it('a delivery package (no key.json) is refused', async () => {
    const dir = path.join(tmp, 'delivery');
    await cp(demoDir, dir, { recursive: true });
    await rm(path.join(dir, 'key.json'));
    await rm(path.join(dir, 'tasks/sum/hidden'), { recursive: true });
    await rm(path.join(dir, 'tasks/sum/solution'), { recursive: true });
    const r = await grade(dir, await answersFile('empty.json', {}));
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/no key\.json: grade with the grading package/);
  });

  it.each([
    ['a missing file', 'missing.json', null, /cannot read answers file .*missing\.json: no such file/],
    ['invalid JSON', 'bad.json', '{"http-status": ', /bad\.json is not valid JSON/],
    ['a list instead of an object', 'list.json', '["b"]', /list\.json must be a JSON object mapping item ids to answers/],
    ['an unknown item id', 'unknown.json', '{"http-status": "b", "nope": 1}', /unknown\.json: no item "nope" in exam "demo"/],
  ])('answers.json with %s exits 1 naming the file', async (_name, name, content, message) => {
    const file = content === null ? path.join(tmp, name) : await answersFile(name, content);
    const r = await grade(demoDir, file);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(message);
  });
});
