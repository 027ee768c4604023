import { describe, expect, it } from 'vitest';
import { LARGE_PASTE_CHARS, LARGE_PASTE_LINES, pasteEvidence } from '../../../../renderer/src/editor/pasteEvidence.js';

describe('pasteEvidence', () => {
  it('notes a paste from outside the exam where the policy allows the clipboard', () => {
    expect(pasteEvidence('allow', 'x = 1', null, 'a.js').map((e) => e.kind)).toEqual(['paste-external']);
    expect(pasteEvidence('allow', 'x = 1', 'x = 1', 'a.js')).toEqual([]);
    // Windows line endings on the way through the clipboard are still the same text.
    expect(pasteEvidence('allow', 'a\r\nb', 'a\nb', 'a.js')).toEqual([]);
  });

  it('notes a large paste under any policy, from inside the exam too', () => {
    const long = 'x'.repeat(LARGE_PASTE_CHARS);
    const many = Array.from({ length: LARGE_PASTE_LINES }, () => 'y').join('\n');
    expect(pasteEvidence('isolated', long, long, 'a.js').map((e) => e.kind)).toEqual(['paste-large']);
    expect(pasteEvidence('isolated', many, many, 'a.js').map((e) => e.kind)).toEqual(['paste-large']);
    expect(pasteEvidence('isolated', 'x'.repeat(LARGE_PASTE_CHARS - 1), 'x'.repeat(LARGE_PASTE_CHARS - 1), 'a.js')).toEqual([]);
    const both = pasteEvidence('allow', long, null, 'src/a.js');
    expect(both.map((e) => e.kind)).toEqual(['paste-external', 'paste-large']);
    expect(both[1]?.detail).toBe(`large paste into src/a.js (${LARGE_PASTE_CHARS} characters, 1 line)`);
  });
});
