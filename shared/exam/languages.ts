import type { ItemOf, Language } from './examSchema.js';

/** The commands a language's toolchain needs on the machine (pre-flight checks them). */
export const LANGUAGE_TOOLCHAINS: Record<Language, readonly string[]> = {
  node: ['node'],
  python: ['python3'],
  java: ['java', 'javac'],
};

export const LANGUAGE_TITLES: Record<Language, string> = { node: 'JavaScript (Node.js)', python: 'Python 3', java: 'Java 17' };

/** A per-language value for one language: a plain value applies to every language. */
export function forLanguage<T extends string>(value: T | Partial<Record<Language, T>> | undefined, language: Language | null | undefined): T | undefined {
  if (value === undefined || typeof value === 'string') return value;
  if (language) return value[language];
  return undefined;
}

/** The languages a coding item offers; a single-language item offers none to pick from. */
export function offeredLanguages(item: Pick<ItemOf<'coding'>, 'languages'>): readonly Language[] {
  return item.languages ?? [];
}

/**
 * Where a language's starter and solution live inside the task folder: `<language>/` for a
 * multi-language item, the task root otherwise (DESIGN 7).
 */
export function languageRoot(item: Pick<ItemOf<'coding'>, 'languages'>, language: Language | null | undefined): string {
  return item.languages && language ? `${language}/` : '';
}
