/** What a candidate typed into a numeric answer, read strictly: only a plain decimal number counts. */
export type NumericInput = { kind: 'empty' } | { kind: 'number'; value: number } | { kind: 'invalid'; message: string };

const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses the text of a numeric answer. Commas are refused rather than guessed at: "1,500" is a
 * thousand and a half in one locale and one and a half in another, and a wrong guess would be saved.
 */
export function parseNumericInput(text: string, unit?: string): NumericInput {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (unit && trimmed.toLowerCase().endsWith(unit.toLowerCase()) && trimmed.length > unit.length) {
    const rest = parseNumericInput(trimmed.slice(0, -unit.length), undefined);
    if (rest.kind === 'number') return { kind: 'invalid', message: `Type the number only: the unit (${unit}) is already given.` };
  }
  if (trimmed.includes(',')) return { kind: 'invalid', message: 'Use a point for decimals and no thousands separators, e.g. 1500.5' };
  if (!PLAIN_NUMBER.test(trimmed)) return { kind: 'invalid', message: 'Enter a number, e.g. 42, -3.5 or 1e6.' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { kind: 'invalid', message: 'This number is too large.' };
  return { kind: 'number', value };
}
