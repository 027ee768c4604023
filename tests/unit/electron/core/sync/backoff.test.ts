import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffCeiling, fullJitterDelay, HEARTBEAT_BACKOFF, UPLOAD_BACKOFF } from '../../../../../electron/core/sync/backoff.js';

describe('full-jitter backoff', () => {
  it('waits a time in [0, min(cap, base * 2^n))', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.constantFrom(UPLOAD_BACKOFF, HEARTBEAT_BACKOFF), (n, r, policy) => {
        const delay = fullJitterDelay(n, policy, () => r);
        const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** n);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.max(1, ceiling));
        expect(backoffCeiling(n, policy)).toBe(ceiling);
      }),
    );
  });

  it('grows exponentially up to the cap (uploads: 30 s)', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffCeiling(n, UPLOAD_BACKOFF))).toEqual([500, 1000, 2000, 4000, 30_000]);
    expect(fullJitterDelay(50, UPLOAD_BACKOFF, () => 0.999999)).toBe(29_999);
    expect(fullJitterDelay(3, UPLOAD_BACKOFF, () => 0)).toBe(0);
  });
});
