import { describe, expect, it } from 'vitest';
import { createManualClock, createSystemClock } from '../../../../../electron/core/attempt/clock.js';

describe('clocks', () => {
  it('system clock: wall is epoch ms, monotonic never goes back', () => {
    const clock = createSystemClock();
    const before = Date.now();
    const wall = clock.wallNow();
    expect(wall).toBeGreaterThanOrEqual(before);
    expect(wall).toBeLessThanOrEqual(Date.now());
    let prev = clock.monoNow();
    for (let i = 0; i < 1000; i++) {
      const now = clock.monoNow();
      expect(now).toBeGreaterThanOrEqual(prev);
      prev = now;
    }
  });

  it('manual clock: advance moves both, jumpWall only the wall, restartMono only the monotonic origin', () => {
    const clock = createManualClock({ wall: 1_000_000, mono: 50 });
    clock.advance(250);
    expect([clock.wallNow(), clock.monoNow()]).toEqual([1_000_250, 300]);
    clock.jumpWall(-5_000);
    expect([clock.wallNow(), clock.monoNow()]).toEqual([995_250, 300]);
    clock.restartMono(7);
    expect([clock.wallNow(), clock.monoNow()]).toEqual([995_250, 7]);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});
