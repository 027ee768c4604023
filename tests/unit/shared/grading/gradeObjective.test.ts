import { describe, expect, it } from 'vitest';
import { itemSchema, type ItemOf } from '../../../../shared/exam/examSchema.js';
import { gradeObjective } from '../../../../shared/grading/gradeObjective.js';
import { itemGradeSchema } from '../../../../shared/grading/resultSchema.js';

const options = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, text: `option ${id}` }));

function item<T extends ItemOf<'single-choice' | 'multiple-choice' | 'short-text' | 'numeric' | 'essay'>['type']>(type: T, extra: object = {}, points = 2) {
  return itemSchema.parse({ id: `q-${type}`, type, prompt: 'question?', points, ...extra }) as ItemOf<T>;
}

const single = item('single-choice', { options }, 1);
const multiple = item('multiple-choice', { options }, 2);
const shortText = item('short-text', {}, 1);
const numeric = item('numeric', {}, 1);
const essay = item('essay', {}, 2);

describe('single-choice', () => {
  const key = { answer: 'b', explanation: 'because b' };
  it.each([
    ['right', 'b', 'correct', 1],
    ['wrong', 'c', 'incorrect', 0],
    ['unanswered (undefined)', undefined, 'unanswered', 0],
    ['unanswered (null)', null, 'unanswered', 0],
    ['unanswered (empty)', '', 'unanswered', 0],
    ['not an option', 'z', 'incorrect', 0],
    ['wrong shape', ['b'], 'incorrect', 0],
  ] as const)('%s', (_name, answer, status, score) => {
    const g = gradeObjective(single, key, answer);
    expect(g).toMatchObject({ status, score, max: 1 });
    expect(itemGradeSchema.safeParse(g).success).toBe(true);
  });
  it('carries the explanation, and gives feedback for a wrong shape', () => {
    expect(gradeObjective(single, key, 'b').explanation).toBe('because b');
    expect(gradeObjective(single, key, 3).feedback).toMatch(/expected an option id/);
    expect(gradeObjective(single, key, 'z').feedback).toMatch(/"z" is not an option/);
  });
});

describe('multiple-choice', () => {
  const partial = { answers: ['a', 'b', 'c'], scoring: 'partial' as const };
  const allOrNothing = { answers: ['a', 'b', 'c'], scoring: 'all-or-nothing' as const };
  it.each([
    ['all right', ['a', 'b', 'c'], 'correct', 2],
    ['all right, any order, duplicates', ['c', 'a', 'b', 'a'], 'correct', 2],
    ['some right', ['a', 'b'], 'partial', 1.3333],
    ['one right', ['a'], 'partial', 0.6667],
    ['right + wrong', ['a', 'b', 'd'], 'partial', 0.6667],
    ['as many wrong as right', ['a', 'd'], 'incorrect', 0],
    ['more wrong than right', ['a', 'd', 'e'], 'incorrect', 0],
    ['everything', ['a', 'b', 'c', 'd', 'e'], 'partial', 0.6667],
    ['only wrong', ['d'], 'incorrect', 0],
    ['unanswered', [], 'unanswered', 0],
  ] as const)('partial: %s', (_name, answer, status, score) => {
    expect(gradeObjective(multiple, partial, answer)).toMatchObject({ status, score, max: 2 });
  });
  it.each([
    ['exact set', ['b', 'c', 'a'], 'correct', 2],
    ['some right', ['a', 'b'], 'incorrect', 0],
    ['all right + one wrong', ['a', 'b', 'c', 'd'], 'incorrect', 0],
  ] as const)('all-or-nothing: %s', (_name, answer, status, score) => {
    expect(gradeObjective(multiple, allOrNothing, answer)).toMatchObject({ status, score });
  });
  it('scoring defaults to partial', () => {
    expect(gradeObjective(multiple, { answers: ['a', 'b'] }, ['a']).score).toBe(1);
  });
  it('rejects a wrong shape or unknown options with feedback, never throwing', () => {
    expect(gradeObjective(multiple, partial, 'a')).toMatchObject({ status: 'incorrect', score: 0, feedback: expect.stringMatching(/list of option ids/) });
    expect(gradeObjective(multiple, partial, ['a', 7])).toMatchObject({ status: 'incorrect', score: 0 });
    expect(gradeObjective(multiple, partial, ['a', 'x'])).toMatchObject({ status: 'incorrect', score: 0, feedback: expect.stringMatching(/"x"/) });
  });
});

describe('short-text', () => {
  it.each([
    ['exact', { accept: ['ETag'] }, 'ETag', 'correct'],
    ['trimmed and case-folded', { accept: ['ETag'] }, '  etag\n', 'correct'],
    ['inner whitespace folded', { accept: ['Entity  Tag'] }, 'entity \t tag', 'correct'],
    ['other word', { accept: ['ETag'] }, 'Last-Modified', 'incorrect'],
    ['second entry', { accept: ['ETag', 'entity tag'] }, 'Entity Tag', 'correct'],
    ['caseSensitive match', { accept: ['ETag'], caseSensitive: true }, ' ETag ', 'correct'],
    ['caseSensitive mismatch', { accept: ['ETag'], caseSensitive: true }, 'etag', 'incorrect'],
    ['regex with flags', { accept: ['/^e-?tag$/i'] }, '  E-Tag ', 'correct'],
    ['regex no match', { accept: ['/^e-?tag$/i'] }, 'etags', 'incorrect'],
    ['regex case-sensitive without i', { accept: ['/^ETag$/'] }, 'etag', 'incorrect'],
    ['regex is not anchored for you', { accept: ['/tag/'] }, 'not a tag', 'correct'],
    ['regex sees inner whitespace as typed', { accept: ['/^entity tag$/'] }, 'entity  tag', 'incorrect'],
    ['unicode composed vs decomposed', { accept: ['caf\u00e9'] }, 'cafe\u0301', 'correct'],
    ['blank is unanswered', { accept: ['ETag'] }, '   ', 'unanswered'],
    ['wrong shape', { accept: ['ETag'] }, 42, 'incorrect'],
  ] as const)('%s', (_name, key, answer, status) => {
    expect(gradeObjective(shortText, key, answer).status).toBe(status);
  });
  it('a key regex that does not compile, or uses g/y, is a question error', () => {
    expect(gradeObjective(shortText, { accept: ['/(/'] }, 'x')).toMatchObject({ status: 'error', score: 0, feedback: expect.stringMatching(/accept\[0\]/) });
    expect(gradeObjective(shortText, { accept: ['ok', '/x/g'] }, 'ok')).toMatchObject({ status: 'error' });
  });
});

describe('numeric', () => {
  const key = { value: 140, tolerance: 10 };
  it.each([
    ['exact', 140, 'correct'],
    ['within', 133.5, 'correct'],
    ['upper boundary', 150, 'correct'],
    ['lower boundary', 130, 'correct'],
    ['just outside', 150.001, 'incorrect'],
    ['far off', 14, 'incorrect'],
    ['numeric string is the wrong shape', '140', 'incorrect'],
    ['NaN', Number.NaN, 'incorrect'],
    ['unanswered', null, 'unanswered'],
  ] as const)('%s', (_name, answer, status) => {
    expect(gradeObjective(numeric, key, answer).status).toBe(status);
  });
  it('is exact with tolerance 0 (the default) yet absorbs float noise on the boundary', () => {
    expect(gradeObjective(numeric, { value: 0.3 }, 0.1 + 0.2).status).toBe('correct');
    expect(gradeObjective(numeric, { value: 0.3, tolerance: 0.1 }, 0.4).status).toBe('correct');
    expect(gradeObjective(numeric, { value: 3 }, 3.01).status).toBe('incorrect');
  });
  it('names the expected shape in the feedback', () => {
    expect(gradeObjective(numeric, key, '140').feedback).toMatch(/expected a number; got a string/);
  });
});

describe('essay', () => {
  const key = { rubric: [{ id: 'r1', text: 'one', points: 2 }], explanation: 'model answer' };
  it('an answered essay waits for a person with 0 points', () => {
    expect(gradeObjective(essay, key, 'Indexes slow down writes.')).toMatchObject({ status: 'pending-manual', score: 0, max: 2, explanation: 'model answer' });
  });
  it('an empty essay is unanswered, not pending', () => {
    expect(gradeObjective(essay, key, ' \n ')).toMatchObject({ status: 'unanswered', score: 0 });
  });
  it('a non-string essay is incorrect', () => {
    expect(gradeObjective(essay, key, { text: 'x' }).status).toBe('incorrect');
  });
});

describe('broken keys', () => {
  it('a missing or mismatched key entry is a question error, not an exception', () => {
    expect(gradeObjective(single, undefined, 'a')).toMatchObject({ status: 'error', score: 0, feedback: 'key.json has no entry for this item' });
    expect(gradeObjective(numeric, { answer: 'b' }, 3)).toMatchObject({ status: 'error', feedback: expect.stringMatching(/does not fit a numeric item/) });
  });
});
