import { pickByLanguage } from '../../../shared/exam/byLanguage.js';
import type { ItemOf } from '../../../shared/exam/examSchema.js';

/**
 * The multi-language fields of a coding item (docs/authoring.md: `languages`, and `mainFile` /
 * `testCommand` as a string or an object by language). Read loosely, so the layout works with
 * packages that have them and with those that do not.
 */
type CodingItem = ItemOf<'coding'>;

export function itemLanguages(item: CodingItem): string[] {
  const value: unknown = (item as { languages?: unknown }).languages;
  return Array.isArray(value) ? value.filter((l): l is string => typeof l === 'string') : [];
}

/** The file the editor opens on arrival, as the task names it (null: the README, else the first file). */
export function itemMainFile(item: CodingItem, language: string | null): string | null {
  return pickByLanguage((item as { mainFile?: unknown }).mainFile, language);
}

export function itemTestCommand(item: CodingItem, language: string | null): string | null {
  return pickByLanguage(item.testCommand as unknown, language);
}
