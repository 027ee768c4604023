import { describe, expect, it } from 'vitest';
import { heartbeatLevel, heartbeatSeenAt } from '../../../../../../renderer/src/dashboard/lib/heartbeat.js';

describe('heartbeatLevel', () => {
  it('turns amber at 5 s, orange at 10 s and red at 15 s without a heartbeat', () => {
    expect(heartbeatLevel(0)).toBe('ok');
    expect(heartbeatLevel(4_999)).toBe('ok');
    expect(heartbeatLevel(5_000)).toBe('late');
    expect(heartbeatLevel(9_999)).toBe('late');
    expect(heartbeatLevel(10_000)).toBe('stale');
    expect(heartbeatLevel(14_999)).toBe('stale');
    expect(heartbeatLevel(15_000)).toBe('lost');
    expect(heartbeatLevel(3_600_000)).toBe('lost');
  });

  it('does not alarm before the first heartbeat or after the submission', () => {
    expect(heartbeatLevel(null)).toBe('none');
    expect(heartbeatLevel(60_000, 'submitted')).toBe('done');
    expect(heartbeatLevel(60_000, 'sealed')).toBe('done');
    expect(heartbeatLevel(60_000, 'in-progress')).toBe('lost');
  });
});

describe('heartbeatSeenAt', () => {
  const now = Date.parse('2026-01-01T10:00:00.000Z');

  it('trusts the hub’s timestamp when the clocks agree', () => {
    expect(heartbeatSeenAt({ lastHeartbeatAt: '2026-01-01T09:59:58.000Z', online: true, now, previousUpdateAt: null })).toBe(now - 2_000);
    expect(heartbeatSeenAt({ lastHeartbeatAt: null, online: false, now, previousUpdateAt: null })).toBeNull();
  });

  it('keeps a hub clock that runs ahead or behind inside what this browser observed', () => {
    // The hub is 10 minutes ahead: without clamping the heartbeat would be "in the future".
    expect(heartbeatSeenAt({ lastHeartbeatAt: '2026-01-01T10:10:00.000Z', online: true, now, previousUpdateAt: null })).toBe(now);
    // The hub is 10 minutes behind but says the candidate is online: at most 5 s old.
    expect(heartbeatSeenAt({ lastHeartbeatAt: '2026-01-01T09:50:00.000Z', online: true, now, previousUpdateAt: null })).toBe(now - 5_000);
    // Offline by the hub's own clock: at least 5 s old, whatever the timestamp says.
    expect(heartbeatSeenAt({ lastHeartbeatAt: '2026-01-01T10:10:00.000Z', online: false, now, previousUpdateAt: null })).toBe(now - 5_000);
    // A heartbeat that changed since the previous update arrived after it.
    expect(heartbeatSeenAt({ lastHeartbeatAt: '2026-01-01T09:50:00.000Z', online: true, now, previousUpdateAt: now - 2_000 })).toBe(now - 2_000);
  });
});
