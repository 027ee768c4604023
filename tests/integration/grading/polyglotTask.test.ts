/**
 * A three-language coding task (tests/fixtures/packages/polyglot) graded through the sandboxed
 * grader in node, python and java: one black-box hidden suite, weighted skill-tagged tests, the
 * mutant gates of `vigil lint --run`, and the grader-integrity attacks.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemOf } from '../../../shared/exam/examSchema.js';
import type { KeyEntryFor } from '../../../shared/exam/keySchema.js';
import { run as lint } from '../../../electron/cli/commands/lint.js';
import { run as grade } from '../../../electron/cli/commands/grade.js';
import { createCodingGrader } from '../../../electron/core/grading/coding/codingGrader.js';
import { loadPackageOrThrow } from '../../../electron/core/package/loadPackage.js';
import type { ExamPackage } from '../../../electron/core/package/types.js';
import { runCaptured } from '../../fixtures/packages/runCommand.js';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/packages/polyglot');
const TASK = path.join(FIXTURE, 'tasks/sum');

let pkg: ExamPackage;
let item: ItemOf<'coding'>;
let key: KeyEntryFor<'coding'>;
let tmp: string;
beforeAll(async () => {
  pkg = await loadPackageOrThrow(FIXTURE);
  item = pkg.exam.sections[0]?.items[0] as ItemOf<'coding'>;
  key = pkg.key?.items['sum-stdin'] as KeyEntryFor<'coding'>;
  tmp = await mkdtemp(path.join(os.tmpdir(), 'vigil-polyglot-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A copy of the fixture to break one thing in. */
async function copyFixture(name: string): Promise<string> {
  const dir = path.join(tmp, name);
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

async function editJson(file: string, edit: (value: Record<string, unknown>) => void): Promise<void> {
  const value = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(value);
  await writeFile(file, JSON.stringify(value, null, 2));
}

describe('a three-language task through the sandboxed grader', () => {
  const grader = () => createCodingGrader({ pkgDir: FIXTURE, sandbox: 'bubblewrap' });

  it.each(['node', 'python', 'java'] as const)('grades the %s solution full, with its points split by test skill', async (language) => {
    const g = await grader()(item, key, { workspace: path.join(TASK, language, 'solution'), language });
    expect(g).toMatchObject({ score: 4, max: 4, status: 'correct', skills: { coding: { score: 2, max: 2 }, 'edge-cases': { score: 2, max: 2 } } });
  });

  it('grades a flawed python submission by the weights of the tests it passes', async () => {
    const g = await grader()(item, key, { workspace: path.join(TASK, 'mutants/blank-lines/python'), language: 'python' });
    // "skips blank lines" fails: half of the edge-cases entry (a regex matching two leaves, 2 points).
    expect(g).toMatchObject({ score: 3, status: 'partial', skills: { coding: { score: 2, max: 2 }, 'edge-cases': { score: 1, max: 2 } } });
    expect(g.feedback).toMatch(/^2 of 3 hidden tests passed\.\nNot passed:\n- sum > skips blank lines/);
  });

  it('refuses an answer without a language, or in one the item does not offer', async () => {
    const workspace = path.join(TASK, 'node/solution');
    expect(await grader()(item, key, { workspace })).toMatchObject({ score: 0, feedback: expect.stringMatching(/names no language/) });
    const javaOnly = { ...item, languages: ['java' as const] };
    expect(await grader()(javaOnly, key, { workspace, language: 'node' })).toMatchObject({ score: 0, feedback: expect.stringMatching(/not offered in node/) });
  });

  it('`vigil grade` takes {"workspace", "language"}', async () => {
    const answers = path.join(tmp, 'answers.json');
    await writeFile(answers, JSON.stringify({ 'sum-stdin': { workspace: path.join(TASK, 'java/solution'), language: 'java' } }));
    const r = await runCaptured(grade, [FIXTURE, answers]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { score: number; maxScore: number; skills: Record<string, { score: number; max: number }> };
    expect(result).toMatchObject({ score: 4, maxScore: 4, skills: { coding: { score: 2, max: 2 }, 'edge-cases': { score: 2, max: 2 } } });
  });
});

describe('vigil lint --run: mutant gates', () => {
  it('grades solution, starter and every mutant in every language and prints the table', async () => {
    const r = await runCaptured(lint, ['--run', FIXTURE]);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('sum-stdin'));
    expect(rows.map((l) => l.split(/\s{2,}/).slice(1, 5))).toEqual([
      ['node', 'solution', '4/4', '= 4'],
      ['node', 'starter', '0/4', '<= 0.4'],
      ['node', 'mutant:blank-lines', '3/4', '<= 3'],
      // The forged report is the candidate's own stdout: the black-box suite never reads it as TAP.
      ['node', 'mutant:forged-report', '0/4', '<= 0'],
      ['python', 'solution', '4/4', '= 4'],
      ['python', 'starter', '0/4', '<= 0.4'],
      ['python', 'mutant:blank-lines', '3/4', '<= 3'],
      ['java', 'solution', '4/4', '= 4'],
      ['java', 'starter', '0/4', '<= 0.4'],
    ]);
    expect(rows.every((l) => l.endsWith('ok'))).toBe(true);
  });

  it('fails the build when a mutant scores above its ceiling', async () => {
    const dir = await copyFixture('ceiling');
    // Java is slow to start and not what this checks: offer node and python only.
    await editJson(path.join(dir, 'exam.json'), (e) => {
      const it0 = (e.sections as Array<{ items: Array<Record<string, unknown>> }>)[0]?.items[0];
      if (it0) {
        it0.languages = ['node', 'python'];
        it0.mainFile = { node: 'main.js', python: 'main.py' };
      }
    });
    await editJson(path.join(dir, 'key.json'), (k) => {
      delete (k.items as Record<string, { start: Record<string, string> }>)['sum-stdin']?.start.java;
    });
    await editJson(path.join(dir, 'tasks/sum/mutants.json'), (m) => {
      (m['blank-lines'] as { maxPoints: number }).maxPoints = 2;
    });
    const r = await runCaptured(lint, ['--run', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/sum-stdin\s+node\s+mutant:blank-lines\s+3\/4\s+<= 2\s+FAIL stops at the first blank line instead of skipping it: scores 3, above its ceiling of 2/);
    expect(r.stderr).toMatch(/sum-stdin \(python\) mutant:blank-lines: .*above its ceiling of 2/);
  });
});

describe('vigil lint runs the reference: every leaf matches exactly one weighted test', () => {
  it('refuses a key where a leaf test matches no entry, and an entry that matches no leaf', async () => {
    const dir = await copyFixture('unmatched');
    await editJson(path.join(dir, 'key.json'), (k) => {
      const entry = (k.items as Record<string, { tests: Array<{ name: string }> }>)['sum-stdin'];
      if (entry?.tests[1]) entry.tests[1].name = 'sum > prints 0 for no input';
      entry?.tests.push({ name: 'sum > handles overflow', points: 0.5, skill: 'coding' } as never);
      if (entry?.tests[0]) (entry.tests[0] as unknown as { points: number }).points = 1.5;
    });
    const r = await runCaptured(lint, [dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('leaf test "sum > skips blank lines" matches no entry of the key\'s tests');
    expect(r.stderr).toContain('tests[2] "sum > handles overflow" matches no leaf test of the reference run');
  });

  it('refuses a key where a leaf test matches two entries', async () => {
    const dir = await copyFixture('double');
    await editJson(path.join(dir, 'key.json'), (k) => {
      const entry = (k.items as Record<string, { tests: Array<{ name: string }> }>)['sum-stdin'];
      if (entry?.tests[0]) entry.tests[0].name = '/^sum > (adds|skips)/';
    });
    const r = await runCaptured(lint, [dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('leaf test "sum > skips blank lines" matches tests[0] "/^sum > (adds|skips)/" and tests[1]');
  });

  it('refuses test points that do not add up to the item points without running anything', async () => {
    const dir = await copyFixture('points');
    await editJson(path.join(dir, 'key.json'), (k) => {
      const entry = (k.items as Record<string, { tests: Array<{ points: number }> }>)['sum-stdin'];
      if (entry?.tests[0]) entry.tests[0].points = 5;
    });
    const r = await runCaptured(lint, [dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('key.json: items.sum-stdin.tests: test points add up to 7 but item sum-stdin is worth 4 points');
  });
});
