import { describe, expect, it } from 'vitest';
import { answerValueSchema, answerValueSchemas, isUnanswered, parseAnswer } from '../../../../shared/grading/answerSchema.js';
import { gradeByFraction, roundScore } from '../../../../shared/grading/grades.js';
import { gradedResultSchema } from '../../../../shared/grading/resultSchema.js';

describe('answer values', () => {
  it('has one schema per item type matching DESIGN 4', () => {
    expect(answerValueSchemas['single-choice'].safeParse('b').success).toBe(true);
    expect(answerValueSchemas['multiple-choice'].safeParse(['a', 'b']).success).toBe(true);
    expect(answerValueSchemas.numeric.safeParse(1.5).success).toBe(true);
    expect(answerValueSchemas.numeric.safeParse('1.5').success).toBe(false);
    expect(answerValueSchemas.sql.safeParse('SELECT 1').success).toBe(true);
    expect(answerValueSchemas.coding.safeParse({ workspace: '/tmp/ws' }).success).toBe(true);
    expect(answerValueSchemas.coding.safeParse('/tmp/ws').success).toBe(false);
    expect(answerValueSchema.safeParse({ nope: 1 }).success).toBe(false);
  });

  it.each([
    [undefined, true],
    [null, true],
    ['', true],
    [' \t\n', true],
    [[], true],
    ['x', false],
    [0, false],
    [['a'], false],
    [{ workspace: 'w' }, false],
  ])('isUnanswered(%j) is %s', (value, expected) => {
    expect(isUnanswered(value)).toBe(expected);
  });

  it('classifies answers as unanswered, invalid (with feedback) or an answer', () => {
    expect(parseAnswer('numeric', null)).toEqual({ kind: 'unanswered' });
    expect(parseAnswer('numeric', 3)).toEqual({ kind: 'answer', value: 3 });
    expect(parseAnswer('coding', 'dir')).toMatchObject({ kind: 'invalid', feedback: expect.stringMatching(/workspace/) });
    expect(parseAnswer('short-text', 'x'.repeat(10_001))).toMatchObject({ kind: 'invalid', feedback: expect.stringMatching(/10000/) });
  });
});

describe('scores', () => {
  it('round to 4 decimals, clamp at 0 and keep full marks exact', () => {
    expect(roundScore(0.1 + 0.2)).toBe(0.3);
    expect(roundScore(2 / 3)).toBe(0.6667);
    expect(Object.is(roundScore(-0.00001), 0)).toBe(true);
    expect(gradeByFraction(2, -0.5)).toEqual({ score: 0, max: 2, status: 'incorrect' });
    expect(gradeByFraction(0.123456, 1)).toEqual({ score: 0.123456, max: 0.123456, status: 'correct' });
    expect(gradeByFraction(1, 0.00001).status).toBe('incorrect');
  });

  it('the result schema refuses negative scores and unknown statuses', () => {
    const base = { examId: 'e', score: 0, maxScore: 1, pendingManual: [], skills: {} };
    expect(gradedResultSchema.safeParse({ ...base, items: { q: { score: 1, max: 1, status: 'correct' } } }).success).toBe(true);
    expect(gradedResultSchema.safeParse({ ...base, items: { q: { score: -1, max: 1, status: 'incorrect' } } }).success).toBe(false);
    expect(gradedResultSchema.safeParse({ ...base, items: { q: { score: 0, max: 1, status: 'skipped' } } }).success).toBe(false);
    expect(gradedResultSchema.safeParse({ ...base, items: { q: { score: 2, max: 1, status: 'correct' } } }).success).toBe(false);
  });
});
