import type { ExamView } from '../../../shared/contract.js';
import type { Item, Section } from '../../../shared/exam/examSchema.js';

export interface NumberedItem {
  item: Item;
  section: Section;
  /** 1-based position in the exam. */
  number: number;
}

/** Every item in delivery order with its section and number. */
export function numberedItems(exam: Pick<ExamView, 'sections'>): NumberedItem[] {
  let number = 0;
  return exam.sections.flatMap((section) => section.items.map((item) => ({ item, section, number: ++number })));
}
