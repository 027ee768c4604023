import { describe, expect, it } from 'vitest';
import { computeItemStats, cronbach, titleOf } from '../../../../../electron/hub/reports/itemStats.js';
import { examSchema } from '../../../../../shared/exam/examSchema.js';
import type { KeyEntry } from '../../../../../shared/exam/keySchema.js';
import { gradeByFraction, unansweredGrade } from '../../../../../shared/grading/grades.js';
import type { ItemGrade } from '../../../../../shared/grading/resultSchema.js';
import { scoreExam } from '../../../../../shared/grading/scoreExam.js';

/**
 * A hand-computed fixture: 4 candidates, 4 items.
 *
 *            q1 (single, 1)  q2 (multi, 1)  q3 (numeric, 2)  q4 (single, 1)  total
 *   C1       1  picked a     1  [x, y]      2                1               5
 *   C2       1  picked a     0  [x]         2                1               4
 *   C3       0  picked b     1  [x, y]      0                1               2
 *   C4       0  unanswered   0  [z]         0                1               1
 *
 * Facility = mean / max: q1 2/4 = 0.5, q2 0.5, q3 (4/4)/2 = 0.5, q4 1.0 (flagged too easy).
 *
 * Discrimination = Pearson r of the item with the rest (total - item):
 *   q1: x = 1,1,0,0, rest = 4,3,2,1. dx = .5,.5,-.5,-.5; dy = 1.5,.5,-.5,-1.5.
 *       Sxy = .75+.25+.25+.75 = 2; Sxx = 1; Syy = 5. r = 2/sqrt(5) = 0.8944.
 *   q2: x = 1,0,1,0, rest = 4,4,1,1. dx = .5,-.5,.5,-.5; dy = 1.5,1.5,-1.5,-1.5.
 *       Sxy = .75-.75-.75+.75 = 0. r = 0 (flagged: below 0.1).
 *   q3: x = 2,2,0,0, rest = 3,2,2,1. dx = 1,1,-1,-1; dy = 1,0,0,-1.
 *       Sxy = 2; Sxx = 4; Syy = 2. r = 2/sqrt(8) = 0.7071.
 *   q4: no spread: r undefined (null).
 *
 * Cronbach's alpha, sample variances: var(q1) = 1/3, var(q2) = 1/3, var(q3) = 4/3, var(q4) = 0;
 * sum 2. Totals 5,4,2,1: mean 3, squares 4+1+1+4 = 10, var = 10/3.
 *   alpha = 4/3 * (1 - 2 / (10/3)) = 4/3 * 0.4 = 0.5333.
 *   SEM = sqrt(10/3) * sqrt(1 - 0.5333) = sqrt(1.5556) = 1.2472.
 *
 * Option frequencies: q1 a 2 (right), b 1, c 0, unanswered 1 (shares of 4); q2 x 3, y 2 (both
 * right), z 1, unanswered 0.
 */
const exam = examSchema.parse({
  format: 'vigil-exam/1',
  id: 'stats',
  version: '1',
  title: 'Stats fixture',
  mode: 'proctored',
  timing: { durationMinutes: 10 },
  sections: [
    {
      id: 's1',
      title: 'Basics',
      items: [
        { id: 'q1', type: 'single-choice', prompt: '**Which** index fits?\nmore text', points: 1, options: [{ id: 'a', text: 'B-tree' }, { id: 'b', text: 'Hash' }, { id: 'c', text: 'None' }] },
        { id: 'q2', type: 'multiple-choice', prompt: 'Pick the idempotent methods', points: 1, options: [{ id: 'x', text: 'PUT' }, { id: 'y', text: 'DELETE' }, { id: 'z', text: 'POST' }] },
        { id: 'q3', type: 'numeric', prompt: 'How many?', points: 2 },
        { id: 'q4', type: 'single-choice', prompt: 'Easy one', points: 1, options: [{ id: 'a', text: 'Yes' }, { id: 'b', text: 'No' }] },
      ],
    },
  ],
});
const keyItems: Record<string, KeyEntry> = {
  q1: { answer: 'a' },
  q2: { answers: ['x', 'y'], scoring: 'all-or-nothing' },
  q3: { value: 3, tolerance: 0 },
  q4: { answer: 'a' },
};

const g = (max: number, fraction: number): ItemGrade => gradeByFraction(max, fraction);
function result(grades: Record<string, ItemGrade>, answers: Record<string, unknown>) {
  return { graded: scoreExam(exam, grades), answers };
}

const results = [
  result({ q1: g(1, 1), q2: g(1, 1), q3: g(2, 1), q4: g(1, 1) }, { q1: 'a', q2: ['x', 'y'], q3: 3, q4: 'a' }),
  result({ q1: g(1, 1), q2: g(1, 0), q3: g(2, 1), q4: g(1, 1) }, { q1: 'a', q2: ['x'], q3: 3, q4: 'a' }),
  result({ q1: g(1, 0), q2: g(1, 1), q3: g(2, 0), q4: g(1, 1) }, { q1: 'b', q2: ['x', 'y'], q3: 1, q4: 'a' }),
  result({ q1: unansweredGrade(1), q2: g(1, 0), q3: g(2, 0), q4: g(1, 1) }, { q2: ['z'], q3: 0, q4: 'a' }),
];

describe('item statistics', () => {
  const stats = computeItemStats({ exam, keyItems, results });
  const item = (id: string) => stats.items.find((i) => i.itemId === id);

  it('gives the hand-computed facility and corrected item-total correlation per item', () => {
    expect(stats.items.map((i) => [i.itemId, i.n, i.facility, i.discrimination])).toEqual([
      ['q1', 4, 0.5, 0.8944],
      ['q2', 4, 0.5, 0],
      ['q3', 4, 0.5, 0.7071],
      ['q4', 4, 1, null],
    ]);
  });

  it("gives Cronbach's alpha and the SEM over the exam", () => {
    expect(stats.alpha).toBe(0.5333);
    expect(stats.sem).toBe(1.2472);
    expect(stats.alphaItems).toBe(4);
    expect(stats.results).toBe(4);
  });

  it('counts option choices, marks the right ones, and counts the unanswered', () => {
    expect(item('q1')?.options?.map((o) => [o.optionId, o.count, o.share, o.correct])).toEqual([
      ['a', 2, 0.5, true],
      ['b', 1, 0.25, false],
      ['c', 0, 0, false],
    ]);
    expect(item('q1')?.unanswered).toBe(1);
    expect(item('q2')?.options?.map((o) => [o.optionId, o.count, o.correct])).toEqual([
      ['x', 3, true],
      ['y', 2, true],
      ['z', 1, false],
    ]);
    expect(item('q3')?.options).toBeNull();
  });

  it('flags too easy and weakly discriminating items, titles items by their prompt', () => {
    expect(item('q4')?.flags).toEqual(['too-easy']);
    expect(item('q2')?.flags).toEqual(['low-discrimination']);
    expect(item('q1')?.flags).toEqual([]);
    expect(item('q1')?.title).toBe('Which index fits?');
    expect(titleOf({ prompt: 'Count rows per `customer_id`, **fast**' })).toBe('Count rows per customer_id, fast');
    expect(item('q1')?.sectionTitle).toBe('Basics');
  });

  it('says the figures are unreliable under 30 results, and not at 30', () => {
    expect(stats.reliable).toBe(false);
    expect(stats.notes[0]).toMatch(/Only 4 graded results.*fewer than 30.*unreliable/);
    const thirty = computeItemStats({ exam, keyItems, results: Array.from({ length: 30 }, (_, i) => results[i % 4] as (typeof results)[number]) });
    expect(thirty.reliable).toBe(true);
    expect(thirty.notes).toEqual([]);
  });

  it('leaves an essay still waiting for a person out of its item figures and out of alpha', () => {
    const withPending = results.map((r, i) => (i === 0 ? { ...r, graded: { ...r.graded, items: { ...r.graded.items, q3: { score: 0, max: 2, status: 'pending-manual' as const } } } } : r));
    const s = computeItemStats({ exam, keyItems, results: withPending });
    expect(s.items.find((i) => i.itemId === 'q3')?.n).toBe(3);
    expect(s.alphaItems).toBe(3);
    expect(s.notes.some((n) => /1 of 4 items is not in every graded result .* is left out of alpha/.test(n))).toBe(true);
  });

  it('has no figures without results or spread', () => {
    const none = computeItemStats({ exam, keyItems, results: [] });
    expect(none.alpha).toBeNull();
    expect(none.items[0]).toMatchObject({ n: 0, facility: null, discrimination: null });
    expect(cronbach([[1, 1], [2, 2]])).toEqual({ alpha: null, sem: null });
  });
});
