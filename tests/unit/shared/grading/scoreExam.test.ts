import { describe, expect, it } from 'vitest';
import { examSchema, type Exam } from '../../../../shared/exam/examSchema.js';
import { VigilError } from '../../../../shared/errors.js';
import { gradeByFraction, pendingManualGrade } from '../../../../shared/grading/grades.js';
import { gradedResultSchema } from '../../../../shared/grading/resultSchema.js';
import { scoreExam, withItemGrade } from '../../../../shared/grading/scoreExam.js';

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

describe('scoreExam', () => {
  const grades = {
    a: gradeByFraction(1, 1),
    b: gradeByFraction(2, 1 / 3),
    c: pendingManualGrade(3),
    d: gradeByFraction(0.1, 1),
  };

  it('totals items and skills, counting an item in each of its skills', () => {
    const r = scoreExam(exam, grades);
    expect(gradedResultSchema.parse(r)).toEqual(r);
    expect(r.examId).toBe('skills-demo');
    expect(r.score).toBe(1.7667);
    expect(r.maxScore).toBe(6.1);
    expect(r.skills).toEqual({
      api: { score: 1.6667, max: 3, title: 'API Development' },
      db: { score: 0.6667, max: 5, title: 'Database Management' },
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
    expect(next.skills.db?.score).toBe(2.6667);
    expect(() => withItemGrade(exam, r, 'nope', gradeByFraction(1, 1))).toThrow(VigilError);
  });
});
