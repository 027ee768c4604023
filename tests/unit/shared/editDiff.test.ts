import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChange, diffText } from '../../../shared/editDiff.js';

describe('diffText / applyChange', () => {
  it('finds the one span that changed', () => {
    expect(diffText('return 0;', 'return a + b;')).toEqual({ from: 7, to: 8, insert: 'a + b' });
    expect(diffText('same', 'same')).toBeNull();
    expect(diffText('', 'new')).toEqual({ from: 0, to: 0, insert: 'new' });
    expect(diffText('aaa', 'aa')).toEqual({ from: 2, to: 3, insert: '' });
  });

  it('rebuilds the new text exactly, for any pair of texts (surrogate pairs included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const change = diffText(a, b);
        expect(change === null ? a : applyChange(a, change)).toBe(b);
        if (change) expect(change.insert.length + (a.length - (change.to - change.from))).toBe(b.length);
      }),
    );
  });

  it('refuses a change that does not fit the text', () => {
    expect(() => applyChange('abc', { from: 2, to: 5, insert: '' })).toThrow(RangeError);
  });
});
