import { describe, expect, it } from 'vitest';
import { examSchema, type Exam } from '../../../../shared/exam/examSchema.js';
import { VigilError } from '../../../../shared/errors.js';
import { gradeByFraction, pendingManualGrade } from '../../../../shared/grading/grades.js';
import { gradedResultSchema } from '../../../../shared/grading/resultSchema.js';
import { scoreExam, splitByShares, withItemGrade } from '../../../../shared/grading/scoreExam.js';
import { skillShares } from '../../../../shared/exam/skillShares.js';

const exam: Exam = examSchema.parse({
  format: 'vigil-exam/1',
  id: 'skills-demo',
  version: '1',
  title: 'Skills',
  mode: 'practice',
  timing: { durationMinutes: 10 },
  skills: [
    { id: 'api', title: 'API Development' },
    { id: 'db', title: 'Database Management' },
    { id: 'unused', title: 'Never tagged' },
  ],
  sections: [
    {
      id: 's1',
      title: 'One',
      items: [
        { id: 'a', type: 'numeric', prompt: 'a', points: 1, skills: ['api'] },
        { id: 'b', type: 'numeric', prompt: 'b', points: 2, skills: ['api', 'db'] },
      ],
    },
    {
      id: 's2',
      title: 'Two',
      items: [
        { id: 'c', type: 'essay', prompt: 'c', points: 3, skills: ['db'] },
        { id: 'd', type: 'numeric', prompt: 'd', points: 0.1 },
      ],
    },
  ],
});

const weighted: Exam = examSchema.parse({
  format: 'vigil-exam/1',
  id: 'weighted',
  version: '1',
  title: 'Weighted',
  mode: 'practice',
  timing: { durationMinutes: 10 },
  skills: [
    { id: 'api', title: 'API' },
    { id: 'db', title: 'DB' },
    { id: 'ops', title: 'Ops' },
  ],
  sections: [
    {
      id: 's',
      title: 'S',
      items: [
        { id: 'shares', type: 'numeric', prompt: 'x', points: 3, skills: { api: 0.7, db: 0.3 } },
        { id: 'thirds', type: 'numeric', prompt: 'x', points: 1, skills: ['api', 'db', 'ops'] },
        { id: 'coding', type: 'numeric', prompt: 'x', points: 4, skills: ['ops'] },
      ],
    },
  ],
});

describe('scoreExam skill sums', () => {
  it('gives each skill its share of an item, and skill maxima and scores sum to the exam totals', () => {
    const r = scoreExam(weighted, {
      shares: gradeByFraction(3, 1),
      thirds: gradeByFraction(1, 1),
      // A weighted coding grade says where its points went: its breakdown wins over the item's tags.
      coding: { ...gradeByFraction(4, 0.75), skills: { api: { score: 1, max: 1 }, ops: { score: 2, max: 3 } } },
    });
    expect(r.skills.api).toEqual({ score: 2.1 + 0.3333 + 1, max: 2.1 + 0.3333 + 1, title: 'API' });
    expect(r.skills.db).toEqual({ score: 0.9 + 0.3333, max: 0.9 + 0.3333, title: 'DB' });
    expect(r.skills.ops).toEqual({ score: 0.3334 + 2, max: 0.3334 + 3, title: 'Ops' });
    const sum = (k: 'score' | 'max') => Object.values(r.skills).reduce((s, v) => s + v[k], 0);
    expect(sum('max')).toBeCloseTo(r.maxScore, 10);
    expect(sum('score')).toBeCloseTo(r.score, 10);
    expect(r.maxScore).toBe(8);
  });

  it('splits by shares with the rounding left on the last skill, so the parts add up exactly', () => {
    expect(splitByShares(1, skillShares(['a', 'b', 'c']))).toEqual([
      ['a', 0.3333],
      ['b', 0.3333],
      ['c', 0.3334],
    ]);
    expect(splitByShares(0, skillShares({ a: 0.5, b: 0.5 }))).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
  });

  it('limits the exam to one form when given its item ids', () => {
    const r = scoreExam(weighted, { shares: gradeByFraction(3, 1) }, new Set(['shares']));
    expect(Object.keys(r.items)).toEqual(['shares']);
    expect(r.maxScore).toBe(3);
    expect(() => scoreExam(weighted, { coding: gradeByFraction(4, 1) }, new Set(['shares']))).toThrow(/not in this form/);
  });
});

describe('scoreExam', () => {
  const grades = {
    a: gradeByFraction(1, 1),
    b: gradeByFraction(2, 1 / 3),
    c: pendingManualGrade(3),
    d: gradeByFraction(0.1, 1),
  };

  it('totals items and skills, splitting a two-skill item evenly between its skills', () => {
    const r = scoreExam(exam, grades);
    expect(gradedResultSchema.parse(r)).toEqual(r);
    expect(r.examId).toBe('skills-demo');
    expect(r.score).toBe(1.7667);
    expect(r.maxScore).toBe(6.1);
    // b (2 points, a third earned) gives each of api and db 1 point of maximum and a third of a point.
    expect(r.skills).toEqual({
      api: { score: 1.3334, max: 2, title: 'API Development' },
      db: { score: 0.3333, max: 4, title: 'Database Management' },
      unused: { score: 0, max: 0, title: 'Never tagged' },
    });
    expect(r.pendingManual).toEqual(['c']);
  });

  it('keeps float noise out of the sums', () => {
    const r = scoreExam(exam, { a: gradeByFraction(1, 0.1), b: gradeByFraction(2, 0.1), d: gradeByFraction(0.1, 1) });
    expect(r.score).toBe(0.4);
  });

  it('treats items without a grade as unanswered', () => {
    const r = scoreExam(exam, { a: grades.a });
    expect(r.items.b).toEqual({ score: 0, max: 2, status: 'unanswered' });
    expect(r.maxScore).toBe(6.1);
    expect(r.pendingManual).toEqual([]);
  });

  it('refuses grades for items the exam does not have', () => {
    expect(() => scoreExam(exam, { ...grades, zz: gradeByFraction(1, 1) })).toThrow(VigilError);
  });

  it('withItemGrade re-totals after a person grades an essay, keeping the explanation', () => {
    const r = scoreExam(exam, { ...grades, c: { ...pendingManualGrade(3), explanation: 'model' } });
    const next = withItemGrade(exam, r, 'c', gradeByFraction(3, 2 / 3, 'rubric'));
    expect(next.items.c).toEqual({ score: 2, max: 3, status: 'partial', feedback: 'rubric', explanation: 'model' });
    expect(next.pendingManual).toEqual([]);
    expect(next.score).toBe(3.7667);
    expect(next.skills.db?.score).toBe(2.3333);
    expect(() => withItemGrade(exam, r, 'nope', gradeByFraction(1, 1))).toThrow(VigilError);
  });
});
