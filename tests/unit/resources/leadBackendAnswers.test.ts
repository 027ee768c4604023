/**
 * The lead-backend short-text and numeric keys, run through the real objective grader: the
 * answers an expert would write score full marks, and the plausible wrong ones score nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allItems, examSchema, type Item } from '../../../shared/exam/examSchema.js';
import { keySchema, type Key } from '../../../shared/exam/keySchema.js';
import { gradeObjective, isObjectiveItem } from '../../../shared/grading/gradeObjective.js';
import { repoRoot } from '../../support/paths.js';

const PKG = path.join(repoRoot, 'resources', 'exams', 'lead-backend');

const SAMPLES: Record<string, { right: unknown[]; wrong: unknown[] }> = {
  'cdn-cache-control': {
    right: [
      'public, max-age=0, s-maxage=60',
      'max-age=0, s-maxage=60',
      's-maxage=60, max-age=0, must-revalidate',
      'public,max-age=0,s-maxage=60',
      'Cache-Control: public, max-age=0, s-maxage=60',
      'public, max-age=0, s-maxage=60, stale-while-revalidate=30',
    ],
    wrong: [
      'public, s-maxage=60',
      'public, max-age=60',
      'no-cache, s-maxage=60',
      'private, max-age=0, s-maxage=60',
      'public, max-age=0, s-maxage=600',
      'public, max-age=00, s-maxage=60',
      'no-store',
    ],
  },
  'expression-index': {
    right: ['expression index', 'An expression index', 'functional index', 'function-based index', 'index on expression', 'CREATE INDEX ON users (lower(email))'],
    wrong: ['B-tree index', 'hash index', 'GIN index', 'partial index', 'covering index', 'unique index'],
  },
  'storage-estimate': { right: [70, 69.984, 68], wrong: [23.3, 7.8, 210, 0.07] },
  'latency-budget': { right: [105], wrong: [25, 65, 185] },
  'pool-size': { right: [48], wrong: [300, 30, 4.8] },
  'retry-amplification': { right: [64], wrong: [12, 13, 16, 81] },
};

let items: Item[];
let key: Key;

beforeAll(async () => {
  const exam = examSchema.parse(JSON.parse(await readFile(path.join(PKG, 'exam.json'), 'utf8')));
  key = keySchema.parse(JSON.parse(await readFile(path.join(PKG, 'key.json'), 'utf8')));
  items = allItems(exam).map(({ item }) => item);
});

describe('lead-backend short-text and numeric keys', () => {
  it('has samples for every short-text and numeric item', () => {
    const ids = items.filter((i) => i.type === 'short-text' || i.type === 'numeric').map((i) => i.id);
    expect(Object.keys(SAMPLES).sort()).toEqual(ids.sort());
  });

  it.each(Object.entries(SAMPLES))('%s: right answers score full marks, wrong ones zero', (id, { right, wrong }) => {
    const item = items.find((i) => i.id === id);
    if (!item || !isObjectiveItem(item)) throw new Error(`no objective item ${id}`);
    for (const answer of right) expect(gradeObjective(item, key.items[id], answer).score, String(answer)).toBe(item.points);
    for (const answer of wrong) expect(gradeObjective(item, key.items[id], answer).score, String(answer)).toBe(0);
  });

  it('gives each choice key full marks for its own answer', () => {
    for (const item of items) {
      if (item.type !== 'single-choice' && item.type !== 'multiple-choice') continue;
      const entry = key.items[item.id] as { answer?: string; answers?: string[] };
      const answer = item.type === 'single-choice' ? entry.answer : entry.answers;
      expect(gradeObjective(item, key.items[item.id], answer).score, item.id).toBe(item.points);
    }
  });
});
