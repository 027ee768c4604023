/**
 * A coding item field that is a string, or (multi-language tasks, docs/authoring.md) an object by
 * language id: the value for `language`, or the first one when no language is chosen. Read
 * loosely, so packages with and without the per-language form both work.
 */
export function pickByLanguage(value: unknown, language: string | null | undefined): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const pick = language != null ? record[language] : Object.values(record)[0];
    return typeof pick === 'string' ? pick : null;
  }
  return null;
}
