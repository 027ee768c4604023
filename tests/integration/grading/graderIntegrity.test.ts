/**
 * Grader integrity (DESIGN 13): a workspace that registers tests under the hidden tests' names must
 * not score. Leaf names are unique in a report, so a repeated name is a failed test; hidden suites
 * are black-box, so the candidate's stdout is never read as the report.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ItemOf } from '../../../shared/exam/examSchema.js';
import type { KeyEntryFor } from '../../../shared/exam/keySchema.js';
import { createCodingGrader } from '../../../electron/core/grading/coding/codingGrader.js';
import { loadPackageOrThrow } from '../../../electron/core/package/loadPackage.js';
import { copyDemo, type TempPackage } from '../../fixtures/packages/demoPackage.js';
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';

const HIDDEN_NAMES = ['empty array sums to 0', 'negative numbers', 'a single number'];

/** A suite that runs inside the same process as the candidate's code: what the attack targets. */
const IN_PROCESS_SUITE = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sum } from '../sum.js';
test('empty array sums to 0', () => assert.equal(sum([]), 0));
test('negative numbers', () => assert.equal(sum([-5, 2]), -3));
test('a single number', () => assert.equal(sum([42]), 42));
`;

/** Wrong code that also registers a passing test under each hidden test's name. */
const ATTACK = `import { test } from 'node:test';
for (const name of ${JSON.stringify(HIDDEN_NAMES)}) test(name, () => {});
export function sum() { return 7; }
`;

let pkg: TempPackage;
beforeEach(async () => {
  pkg = await copyDemo();
});
afterEach(async () => {
  await pkg.cleanup();
});

async function gradeWorkspace(files: Record<string, string>) {
  const loaded = await loadPackageOrThrow(pkg.dir);
  const item = loaded.exam.sections[1]?.items[1] as ItemOf<'coding'>;
  const key = loaded.key?.items[item.id] as KeyEntryFor<'coding'>;
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'vigil-attack-'));
  await cp(path.join(pkg.dir, 'tasks/sum/starter'), workspace, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(workspace, name), text);
  return createCodingGrader({ pkgDir: pkg.dir, sandbox: 'auto' })(item, key, { workspace });
}

describe('a workspace that registers tests under the hidden tests\' names', () => {
  it('scores nothing against a suite that imports the workspace: each repeated name is a failure', async () => {
    await writeFile(path.join(pkg.dir, 'tasks/sum/hidden/sum.hidden.test.js'), IN_PROCESS_SUITE);
    const g = await gradeWorkspace({ 'sum.js': ATTACK });
    expect(g).toMatchObject({ score: 0, status: 'incorrect' });
    expect(g.feedback).toMatch(/^0 of 3 hidden tests passed/);
  });

  it('scores nothing against the shipped black-box suite, even printing a forged report', async () => {
    const forged = `console.log('TAP version 13');\n${HIDDEN_NAMES.map((n, i) => `console.log('ok ${i + 1} - ${n}');`).join('\n')}\n${ATTACK}`;
    const g = await gradeWorkspace({ 'sum.js': forged });
    expect(g).toMatchObject({ score: 0 });
  });

  it('still gives the honest solution full marks', async () => {
    const g = await gradeWorkspace({ 'sum.js': 'export function sum(numbers) { return numbers.reduce((a, b) => a + b, 0); }\n' });
    expect(g).toMatchObject({ score: 2, status: 'correct' });
  });
});
