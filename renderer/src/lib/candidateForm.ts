import type { ExamView } from '../../../shared/contract.js';
import { drawForm } from '../../../shared/exam/form.js';

/**
 * The exam as this candidate sees it (DESIGN 13): only the items of their form, so the navigator,
 * Next/Previous and "Question 3 of 30" count their own questions. drawForm is pure and seeded by
 * the attempt id, so this is exactly the form main journaled at check-in and sealed in the result.
 */
export function examForForm<E extends Pick<ExamView, 'sections'>>(exam: E, attemptId: string | null | undefined): E {
  if (!attemptId || !exam.sections.some((s) => s.draw !== undefined)) return exam;
  const inForm = new Set(drawForm(exam, attemptId).items);
  return { ...exam, sections: exam.sections.map((s) => ({ ...s, items: s.items.filter((i) => inForm.has(i.id)) })) };
}
