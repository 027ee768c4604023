import { describe, expect, it } from 'vitest';
import { examSchema, type Exam } from '../../../../shared/exam/examSchema.js';
import { drawForm, formPosition, formProblem } from '../../../../shared/exam/form.js';

const choice = (id: string) => ({
  id,
  type: 'single-choice',
  prompt: id,
  points: 1,
  skills: ['s'],
  shuffle: true,
  options: ['a', 'b', 'c', 'd', 'e'].map((o) => ({ id: o, text: o })),
});

const exam: Exam = examSchema.parse({
  format: 'vigil-exam/1',
  id: 'forms',
  version: '1',
  title: 'Forms',
  mode: 'practice',
  timing: { durationMinutes: 10 },
  skills: [{ id: 's', title: 'S' }],
  sections: [
    { id: 'pool', title: 'Pool', draw: 3, items: Array.from({ length: 10 }, (_, i) => choice(`q${i}`)) },
    { id: 'fixed', title: 'Fixed', items: [{ id: 'n1', type: 'numeric', prompt: 'n', points: 2, skills: ['s'] }] },
  ],
});

describe('drawForm', () => {
  it('is stable for one attempt id', () => {
    expect(drawForm(exam, 'attempt-1')).toEqual(drawForm(exam, 'attempt-1'));
  });

  it('draws N items of a drawn section in authored order, and every item of the others', () => {
    const form = drawForm(exam, 'attempt-1');
    expect(form.items).toHaveLength(4);
    const drawn = form.items.slice(0, 3);
    expect(drawn.every((id) => /^q\d$/.test(id))).toBe(true);
    expect([...drawn].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))).toEqual(drawn);
    expect(form.items[3]).toBe('n1');
    expect(formProblem(exam, form)).toBeNull();
  });

  it('differs across attempts: draws and option orders', () => {
    const forms = Array.from({ length: 20 }, (_, i) => drawForm(exam, `attempt-${i}`));
    expect(new Set(forms.map((f) => f.items.join(','))).size).toBeGreaterThan(10);
    const orders = forms.map((f) => f.options[f.items[0] ?? '']?.join(''));
    expect(new Set(orders).size).toBeGreaterThan(10);
  });

  it('shuffles options into a permutation, only for items with shuffle', () => {
    const form = drawForm(exam, 'attempt-7');
    for (const id of form.items.slice(0, 3)) expect([...(form.options[id] ?? [])].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(form.options.n1).toBeUndefined();
  });

  it('keeps one section\'s draw when another section changes', () => {
    const edited: Exam = { ...exam, sections: [exam.sections[0] as Exam['sections'][number]] };
    expect(drawForm(edited, 'attempt-3').items).toEqual(drawForm(exam, 'attempt-3').items.slice(0, 3));
  });
});

describe('formProblem', () => {
  const form = drawForm(exam, 'attempt-1');
  it('refuses a form that does not fit the exam', () => {
    expect(formProblem(exam, { ...form, items: [...form.items, 'q9', 'q8'].filter((v, i, a) => a.indexOf(v) === i) })).toMatch(/items of section "pool", which gives 3/);
    expect(formProblem(exam, { ...form, items: [...form.items, 'zz'] })).toMatch(/"zz", which the exam does not have/);
    expect(formProblem(exam, { ...form, items: [form.items[0] ?? '', ...form.items] })).toMatch(/twice/);
    const first = form.items[0] ?? '';
    expect(formProblem(exam, { ...form, options: { ...form.options, [first]: ['a', 'a', 'b', 'c', 'd'] } })).toMatch(/not a permutation/);
    expect(formProblem(exam, { ...form, options: { ...form.options, n1: ['a'] } })).toMatch(/not a shuffled choice item/);
  });
});

describe('formPosition', () => {
  it('numbers items within the candidate\'s own form', () => {
    const form = drawForm(exam, 'attempt-1');
    expect(formPosition(form, 'n1')).toEqual({ n: 4, of: 4 });
    expect(formPosition(form, 'not-there')).toBeNull();
  });
});
