/**
 * The coding tasks of the lead-backend exam and its practice form, checked with a harness of its
 * own (tests/integration/exams/taskMatrix.ts), independent of the product's grader: each is offered
 * in every language, its weighted tests add up, it has its mutants, and in every language the
 * reference solution scores full with every key entry matched by exactly one leaf of the one
 * black-box hidden suite. The starter and mutant gates (starter <= 10%, each mutant <= its
 * maxPoints) run once, through the product's sandboxed grader, in mutantGates.test.ts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { examsDir } from './examFiles.js';
import { gradeVariant, LANGUAGES, matrixKey, readMutants, scoreLeaves, tapLeaves, type MatrixKey, type MutantTable, type VariantRun } from './taskMatrix.js';

const PACKAGES = ['lead-backend', 'lead-backend-practice'] as const;

interface CodingItem {
  pkg: string;
  id: string;
  taskDir: string;
  points: number;
  languages: string[];
  key: MatrixKey;
  mutants: MutantTable;
}

interface RawItem {
  id: string;
  type: string;
  points: number;
  task?: string;
  languages?: string[];
}

async function codingItems(pkg: string): Promise<CodingItem[]> {
  const dir = path.join(examsDir, pkg);
  const exam = JSON.parse(await readFile(path.join(dir, 'exam.json'), 'utf8')) as { sections: Array<{ items: RawItem[] }> };
  const key = JSON.parse(await readFile(path.join(dir, 'key.json'), 'utf8')) as { items: Record<string, unknown> };
  const coding = exam.sections.flatMap((s) => s.items).filter((i) => i.type === 'coding');
  return Promise.all(
    coding.map(async (i) => {
      const taskDir = path.join(dir, i.task ?? '');
      return { pkg, id: i.id, taskDir, points: i.points, languages: i.languages ?? [], key: matrixKey.parse(key.items[i.id]), mutants: await readMutants(taskDir) };
    }),
  );
}

const items = (await Promise.all(PACKAGES.map(codingItems))).flat();

function explain(r: VariantRun): string {
  return `failed: ${r.scored.failed.join(' | ')}\nexit ${String(r.run.exitCode)}${r.run.timedOut ? ' (timed out)' : ''}\n${r.run.stdout.slice(-3000)}\n${r.run.stderr.slice(-1500)}`;
}

describe('the matrix harness scoring', () => {
  it('scores only passed, unique, keyed leaves; a regex entry splits its points; SKIP is no pass', () => {
    const tap = ['ok 1 - a', 'not ok 2 - b', 'ok 3 - c # SKIP later', 'ok 4 - r1', 'ok 5 - r2', 'ok 6 - dup', 'ok 7 - dup', 'ok 8 - stray'].join('\n');
    const tests = [
      { name: 'a', points: 2, skill: 'api' },
      { name: 'b', points: 3, skill: 'api' },
      { name: 'c', points: 4, skill: 'coding' },
      { name: '/^r\\d$/', points: 6, skill: 'coding' },
      { name: 'dup', points: 5, skill: 'coding' },
      { name: 'never', points: 1, skill: 'api' },
    ];
    const s = scoreLeaves(tapLeaves(tap), tests);
    expect(s.points).toBe(2 + 6);
    expect(s.bySkill).toEqual({ api: 2, coding: 6 });
    expect(s.failed.sort()).toEqual(['b', 'c', 'dup', 'dup']);
    expect(s.unkeyedLeaves).toEqual(['stray']);
    expect(s.unmatchedEntries).toEqual(['never']);
    expect(s.max).toBe(21);
  });
});

describe.each(items.map((i) => [`${i.pkg} ${i.id}`, i] as const))('%s', (_label, item) => {
  it('is offered in node, python and java, and its weighted tests add up to the item points', () => {
    expect([...item.languages].sort()).toEqual([...LANGUAGES].sort());
    expect(item.key.tests.reduce((s, t) => s + t.points, 0)).toBe(item.points);
    expect(new Set(item.key.tests.map((t) => t.name)).size).toBe(item.key.tests.length);
  });

  it('has at least 6 mutants, each with a flaw and a ceiling below full points', () => {
    expect(Object.keys(item.mutants).length).toBeGreaterThanOrEqual(6);
    for (const m of Object.values(item.mutants)) expect(m.maxPoints).toBeLessThan(item.points);
  });

  describe.concurrent.each(LANGUAGES)('%s', (language) => {
    it('solution: full points, every key entry matched by exactly one leaf', async () => {
      const r = await gradeVariant(item.taskDir, item.key, language, 'solution');
      expect(r.scored.unkeyedLeaves, explain(r)).toEqual([]);
      expect(r.scored.unmatchedEntries, explain(r)).toEqual([]);
      expect(r.scored.points, explain(r)).toBe(item.points);
    });
  });
});
