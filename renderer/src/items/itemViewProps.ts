import type { ItemOf, ItemType } from '../../../shared/exam/examSchema.js';

/** What every item view gets: the item, its on-screen value, and where edits go. */
export interface ItemViewProps<T extends ItemType> {
  item: ItemOf<T>;
  value: unknown;
  /** `immediate` skips the typing debounce (a click on a choice is a finished edit). */
  onChange(value: unknown, options?: { immediate?: boolean }): void;
  attemptId: string;
  /** id of the element that names the question (its heading), for group labels. */
  labelledBy: string;
}
