import { pickByLanguage } from '../../../shared/exam/byLanguage.js';
import { languageSchema, type ItemOf, type Language } from '../../../shared/exam/examSchema.js';

/**
 * The multi-language fields of a coding item (docs/authoring.md: `languages`, and `mainFile` /
 * `testCommand` as a string or an object by language). Read loosely, so the layout works with
 * packages that have them and with those that do not.
 */
type CodingItem = ItemOf<'coding'>;

export function itemLanguages(item: CodingItem): Language[] {
  const value: unknown = (item as { languages?: unknown }).languages;
  return Array.isArray(value) ? value.filter((l): l is Language => languageSchema.safeParse(l).success) : [];
}

/**
 * The offered languages a candidate may pick here: those the pre-flight found installed (all of
 * them while that is unknown, or when none is: the proctor let the attempt go on regardless).
 */
export function choosableLanguages(offered: readonly Language[], installed: readonly Language[] | null): { shown: Language[]; missing: Language[] } {
  const present = installed ? offered.filter((l) => installed.includes(l)) : [...offered];
  if (present.length === 0) return { shown: [...offered], missing: [] };
  return { shown: present, missing: offered.filter((l) => !present.includes(l)) };
}

/** The file the editor opens on arrival, as the task names it (null: the README, else the first file). */
export function itemMainFile(item: CodingItem, language: string | null): string | null {
  return pickByLanguage((item as { mainFile?: unknown }).mainFile, language);
}

export function itemTestCommand(item: CodingItem, language: string | null): string | null {
  return pickByLanguage(item.testCommand as unknown, language);
}
