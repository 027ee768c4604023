import type { Exam } from '../../../shared/exam/examSchema.js';
import { drawForm, formSchema, type Form } from '../../../shared/exam/form.js';
import type { JournalEntry } from '../../../shared/journal.js';

/**
 * The candidate's form in the attempt (DESIGN 13): drawn once at check-in from the attempt id and
 * journaled in the check-in state entry, so it is hashed into the chain with everything else. A
 * reload, the sealed result and the hub read that entry; nothing draws it a second time.
 */

/** True when the exam gives candidates different forms: a drawn section or a shuffled choice item. */
export function examHasForms(exam: Pick<Exam, 'sections'>): boolean {
  return exam.sections.some((s) => s.draw !== undefined || s.items.some((i) => 'shuffle' in i && i.shuffle === true));
}

/** The `form` field of the check-in entry, or nothing for an exam without forms. */
export function checkInForm(exam: Pick<Exam, 'sections'>, attemptId: string): { form?: Form } {
  return examHasForms(exam) ? { form: drawForm(exam, attemptId) } : {};
}

/** The form journaled at check-in, or null (an exam without forms). */
export function journaledForm(entries: readonly JournalEntry[]): Form | null {
  for (const entry of entries) {
    if (entry.type !== 'state') continue;
    const data = entry.data as { form?: unknown };
    if (data.form === undefined) continue;
    const parsed = formSchema.safeParse(data.form);
    return parsed.success ? parsed.data : null;
  }
  return null;
}
