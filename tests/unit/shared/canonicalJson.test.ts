import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/canonicalJson.js';

/** Rebuilds every object of a JSON value with its keys in an order chosen by `order`. */
function reorder(value: unknown, order: (keys: string[]) => string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => reorder(v, order));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of order(Object.keys(value))) {
      Object.defineProperty(out, key, { value: reorder((value as Record<string, unknown>)[key], order), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** JSON has one zero: -0 is written as 0 (RFC 8785), so it comes back as 0. */
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: withoutNegativeZero(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and adds no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('orders keys by UTF-16 code units, as RFC 8785 section 3.2.3 shows', () => {
    const value = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    // U+1F600 (surrogates D83D DE00) sorts before U+FB33 by code units, though after it by code points.
    expect(canonicalJson(value)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('formats numbers and strings as JSON.stringify does', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1, 123456789012345680000, 'a"\u2028\n'])).toBe(JSON.stringify([1e21, 1e-7, 0, 0.1, 123456789012345680000, 'a"\u2028\n']));
    expect(canonicalJson(-0)).toBe('0');
  });

  it('skips undefined object members', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it('throws TypeError for values JSON cannot carry', () => {
    for (const bad of [NaN, Infinity, -Infinity, [1, undefined], undefined, 10n, () => 1, Symbol('s'), new Date(0), new Map(), { nested: [NaN] }]) {
      expect(() => canonicalJson(bad), String(bad)).toThrow(TypeError);
    }
    // eslint-disable-next-line no-sparse-arrays
    expect(() => canonicalJson([1, , 3])).toThrow(/\$\[1\] is undefined/);
    expect(() => canonicalJson({ a: { b: Infinity } })).toThrow(/\$\.a\.b is Infinity/);
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.b = 1;
    bare.a = 2;
    expect(canonicalJson(bare)).toBe('{"a":2,"b":1}');
  });

  it('property: the key order of the input never changes the output', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        const shuffled = reorder(value, (keys) => keys.map((k, i) => ({ k, r: (i * 2654435761 + seed) % 1013 })).sort((x, y) => x.r - y.r).map((x) => x.k));
        const reversed = reorder(value, (keys) => [...keys].reverse());
        const canonical = canonicalJson(value);
        expect(canonicalJson(shuffled)).toBe(canonical);
        expect(canonicalJson(reversed)).toBe(canonical);
      }),
      { numRuns: 300 },
    );
  });

  it('property: parsing the canonical text gives back the same JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(withoutNegativeZero(value));
      }),
      { numRuns: 300 },
    );
  });
});
