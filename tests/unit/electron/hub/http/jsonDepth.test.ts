import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from '../../../../../electron/hub/http/jsonDepth.js';

describe('exceedsJsonDepth', () => {
  it('measures nesting without recursion, even for a million levels', () => {
    expect(exceedsJsonDepth({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(exceedsJsonDepth({ a: [1, { b: { c: 1 } }] }, 3)).toBe(true);
    expect(exceedsJsonDepth('flat', 0)).toBe(false);
    expect(exceedsJsonDepth(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 64)).toBe(true);
  });
});
