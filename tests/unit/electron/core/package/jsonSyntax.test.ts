import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineAndColumn } from '../../../../../electron/core/package/jsonSyntax.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch (error) {
    if (error instanceof SyntaxError) return false;
    throw error;
  }
}

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a": 1,}', 1, 9, 'expected a double-quoted property name, found "}"'],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "," or "}" after a property value, found """'],
    ["{\"a\": 'x'}", 1, 7, `expected a value, found "'"`],
    ['[1, 2', 1, 6, 'expected "," or "]" after an array element, found end of file'],
    ['{"a": "line\nbreak"}', 1, 12, 'character U+000A must be escaped inside a string'],
    ['{"a": tru}', 1, 10, 'expected "true", found "}"'],
    ['{"a": 01}', 1, 8, 'expected "," or "}" after a property value, found "1"'],
    ['{"a": "\\x"}', 1, 9, 'invalid escape "\\x" in a string'],
    ['{} {}', 1, 4, 'expected the end of the file after the top-level value, found "{"'],
    ['', 1, 1, 'expected a value, found end of file'],
    ['"abc', 1, 5, 'unterminated string'],
  ])('locates the error in %j', (text, line, column, message) => {
    expect(parses(text)).toBe(false);
    expect(findJsonSyntaxError(text)).toMatchObject({ line, column, message });
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const text = '['.repeat(100_000);
    expect(findJsonSyntaxError(text)?.message).toBe('nesting deeper than 512 levels');
  });

  it('finds no error exactly when JSON.parse succeeds', () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.json().map((t) => t.replace(/,/, '')),
      fc.json().chain((t) => fc.nat(t.length).map((n) => t.slice(0, n))),
      fc.json().chain((t) => fc.tuple(fc.nat(t.length), fc.constantFrom('}', ',', '"', '\\', ' ', '\n', '1e', '-', 'n')).map(([n, s]) => t.slice(0, n) + s + t.slice(n))),
      fc.string(),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        expect(findJsonSyntaxError(text) === null).toBe(parses(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('lineAndColumn', () => {
  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
