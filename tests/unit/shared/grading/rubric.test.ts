import { describe, expect, it } from 'vitest';
import { itemSchema, type ItemOf } from '../../../../shared/exam/examSchema.js';
import { VigilError } from '../../../../shared/errors.js';
import { applyRubricGrades } from '../../../../shared/grading/rubric.js';

const essay = itemSchema.parse({ id: 'why', type: 'essay', prompt: 'Why?', points: 2 }) as ItemOf<'essay'>;
const key = {
  rubric: [
    { id: 'write-cost', text: 'writes', points: 1 },
    { id: 'selectivity', text: 'selectivity', points: 1 },
  ],
};

describe('applyRubricGrades', () => {
  it('awards the full points of each criterion met', () => {
    expect(applyRubricGrades(essay, key, ['write-cost', 'selectivity'])).toMatchObject({ score: 2, max: 2, status: 'correct' });
    expect(applyRubricGrades(essay, key, ['selectivity'])).toMatchObject({ score: 1, status: 'partial', feedback: 'write-cost: 0/1, selectivity: 1/1' });
    expect(applyRubricGrades(essay, key, [])).toMatchObject({ score: 0, status: 'incorrect' });
  });

  it('takes points per criterion, unlisted criteria earning 0, and appends a comment', () => {
    const g = applyRubricGrades(essay, key, { 'write-cost': 0.5 }, ' Good start. ');
    expect(g).toMatchObject({ score: 0.5, status: 'partial' });
    expect(g.feedback).toBe('write-cost: 0.5/1, selectivity: 0/1\nGood start.');
  });

  it('counts a criterion listed twice once', () => {
    expect(applyRubricGrades(essay, key, ['write-cost', 'write-cost']).score).toBe(1);
  });

  it('scales to the item points when the rubric adds up to something else', () => {
    const bigger = { rubric: [...key.rubric, { id: 'examples', text: 'examples', points: 2 }] };
    expect(applyRubricGrades(essay, bigger, ['examples']).score).toBe(1);
    expect(applyRubricGrades(essay, bigger, ['write-cost']).score).toBe(0.5);
  });

  it('refuses unknown criteria and out-of-range points', () => {
    expect(() => applyRubricGrades(essay, key, ['nope'])).toThrow(VigilError);
    expect(() => applyRubricGrades(essay, key, { 'write-cost': 2 })).toThrow(/0 to 1 points/);
    expect(() => applyRubricGrades(essay, key, { 'write-cost': -1 })).toThrow(VigilError);
    try {
      applyRubricGrades(essay, key, ['nope']);
    } catch (error) {
      expect((error as VigilError).code).toBe('invalid-params');
    }
  });

  describe('levels', () => {
    const leveled = {
      rubric: [
        {
          id: 'trade-off',
          text: 'Names the trade-off',
          points: 1.5,
          levels: [
            { points: 0, label: 'Missing' },
            { points: 0.5, label: 'Named', descriptor: 'mentions a cost' },
            { points: 1.5, label: 'Weighed', descriptor: 'weighs the cost against the gain' },
          ],
        },
        { id: 'example', text: 'Gives an example', points: 0.5 },
      ],
    };

    it('awards the level a grader picks, and names it in the feedback', () => {
      const g = applyRubricGrades(essay, leveled, { 'trade-off': 0.5, example: 0.5 });
      expect(g).toMatchObject({ score: 1, max: 2, status: 'partial' });
      expect(g.feedback).toBe('trade-off: 0.5/1.5 (Named), example: 0.5/0.5');
      expect(applyRubricGrades(essay, leveled, { 'trade-off': 1.5, example: 0.5 })).toMatchObject({ score: 2, status: 'correct' });
    });

    it('takes a criterion marked met as its top level', () => {
      expect(applyRubricGrades(essay, leveled, ['trade-off']).feedback).toBe('trade-off: 1.5/1.5 (Weighed), example: 0/0.5');
    });

    it('refuses points between levels', () => {
      expect(() => applyRubricGrades(essay, leveled, { 'trade-off': 1 })).toThrow(/has levels 0 \(Missing\), 0.5 \(Named\), 1.5 \(Weighed\): pick one, got 1/);
    });
  });
});
