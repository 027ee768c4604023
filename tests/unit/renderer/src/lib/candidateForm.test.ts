import { describe, expect, it } from 'vitest';
import { examSchema } from '../../../../../shared/exam/examSchema.js';
import { drawForm } from '../../../../../shared/exam/form.js';
import { numberedItems } from '../../../../../renderer/src/lib/examItems.js';
import { examForForm } from '../../../../../renderer/src/lib/candidateForm.js';

const numeric = (id: string) => ({ id, type: 'numeric', prompt: id, points: 1 });
const exam = examSchema.parse({
  format: 'vigil-exam/1',
  id: 'f',
  version: '1',
  title: 'F',
  mode: 'practice',
  timing: { durationMinutes: 10 },
  sections: [
    { id: 'pool', title: 'Pool', draw: 2, items: ['a', 'b', 'c', 'd', 'e'].map(numeric) },
    { id: 'rest', title: 'Rest', items: [numeric('z')] },
  ],
});

describe('examForForm', () => {
  it('numbers the candidate\'s own form: "Question 3 of 3", the journaled items only', () => {
    const mine = examForForm(exam, 'attempt-42');
    const entries = numberedItems(mine);
    expect(entries.map((e) => e.item.id)).toEqual(drawForm(exam, 'attempt-42').items);
    expect(entries).toHaveLength(3);
    expect(entries.at(-1)).toMatchObject({ number: 3, item: { id: 'z' } });
  });

  it('leaves an exam without draws, or before check-in, as it is', () => {
    expect(examForForm(exam, null)).toBe(exam);
    const plain = { ...exam, sections: [exam.sections[1] as (typeof exam.sections)[number]] };
    expect(examForForm(plain, 'attempt-42')).toBe(plain);
  });
});
