import { describe, expect, it } from 'vitest';
import { TokenRateLimiter } from '../../../../../electron/hub/http/tokenRateLimiter.js';
import { call } from '../support/inject.js';
import { enrollBody, makeDevice, startTestHub } from '../support/hubFixture.js';

describe('per-token rate limits', () => {
  it('counts per key in fixed windows and says how long to wait', () => {
    let now = 0;
    const limiter = new TokenRateLimiter(2, 1000, () => now, 3);
    expect([limiter.hit('a', 'ip1'), limiter.hit('a', 'ip1'), limiter.hit('b', 'ip1')]).toEqual([0, 0, 0]);
    now = 400;
    expect(limiter.hit('a', 'ip1')).toBe(600);
    now = 1000;
    expect(limiter.hit('a', 'ip1')).toBe(0);
  });

  it('never holds more keys than its bound: new keys count under their IP', () => {
    const limiter = new TokenRateLimiter(1, 60_000, () => 0, 2);
    limiter.hit('t1', 'ip');
    limiter.hit('t2', 'ip');
    expect(limiter.hit('t3', 'attacker')).toBe(0);
    expect(limiter.hit('t4', 'attacker')).toBeGreaterThan(0);
    expect(limiter.hit('t2', 'ip')).toBeGreaterThan(0);
  });

  it('heartbeats over the limit get 429 with Retry-After; another token is not affected', async () => {
    const hub = await startTestHub({ rateLimits: { heartbeat: 2 } });
    try {
      const a = (await call(hub, 'POST', '/api/v1/enroll', { body: enrollBody(makeDevice(), 'rl-1') })).json as { attemptId: string; token: string };
      const b = (await call(hub, 'POST', '/api/v1/enroll', { body: enrollBody(makeDevice(), 'rl-2') })).json as { attemptId: string; token: string };
      const hb = { state: 'ready', answered: 0, remainingMs: 1, lastSavedAt: null, journalSeq: 0 };
      const beat = (x: { attemptId: string; token: string }) => call(hub, 'POST', `/api/v1/attempts/${x.attemptId}/heartbeats`, { token: x.token, body: hb });
      expect([(await beat(a)).status, (await beat(a)).status]).toEqual([200, 200]);
      const limited = await beat(a);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await beat(b)).status).toBe(200);
    } finally {
      await hub.dispose();
    }
  });
});
