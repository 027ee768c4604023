import { ITEM_TYPES, itemSchema, type Exam, type Item, type ItemType } from '../../../shared/exam/examSchema.js';

/**
 * A forgiving view of exam.json for the checks that go beyond its schema. It is built from the
 * raw JSON, so that an author with one wrong field still hears about duplicate ids, missing
 * files and key problems in the same run (DESIGN 4: every problem at once).
 */
export interface ItemView {
  /** JSON path of the item in exam.json: ['sections', 0, 'items', 2]. */
  path: Array<string | number>;
  raw: Record<string, unknown>;
  id: string | null;
  type: ItemType | null;
  /** The item parsed with its schema, or null when it is invalid on its own. */
  item: Item | null;
}

export interface ExamView {
  raw: Record<string, unknown> | null;
  /** The whole exam when it matched examSchema. */
  exam: Exam | null;
  id: string | null;
  version: string | null;
  items: ItemView[];
  /** False when part of the item list is unreadable (no sections array, a section without items). */
  itemsComplete: boolean;
  /** First item with each id. */
  byId: Map<string, ItemView>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function itemType(value: unknown): ItemType | null {
  return (ITEM_TYPES as readonly unknown[]).includes(value) ? (value as ItemType) : null;
}

export function viewExam(raw: unknown, exam: Exam | null): ExamView {
  const rec = isRecord(raw) ? raw : null;
  const items: ItemView[] = [];
  const sections = Array.isArray(rec?.sections) ? rec.sections : [];
  let itemsComplete = Array.isArray(rec?.sections);
  sections.forEach((section: unknown, si) => {
    if (!isRecord(section) || !Array.isArray(section.items)) {
      itemsComplete = false;
      return;
    }
    section.items.forEach((rawItem: unknown, ii) => {
      if (!isRecord(rawItem)) {
        itemsComplete = false;
        return;
      }
      const parsed = exam?.sections[si]?.items[ii] ?? (exam ? null : parseItem(rawItem));
      items.push({ path: ['sections', si, 'items', ii], raw: rawItem, id: str(rawItem.id), type: itemType(rawItem.type), item: parsed });
    });
  });
  const byId = new Map<string, ItemView>();
  for (const view of items) if (view.id !== null && !byId.has(view.id)) byId.set(view.id, view);
  return { raw: rec, exam, id: str(rec?.id), version: str(rec?.version), items, itemsComplete, byId };
}

function parseItem(raw: Record<string, unknown>): Item | null {
  const result = itemSchema.safeParse(raw);
  return result.success ? result.data : null;
}
