import { describe, expect, it } from 'vitest';
import { restartCredit } from '../../../../../electron/core/attempt/restartCredit.js';
import type { JournalEntry } from '../../../../../shared/journal.js';

const checkpoint = (state: string, clock = 'active') => ({ seq: 4, at: '2026-11-27T10:00:00.000Z', mono: 10_000, data: { clock, state, elapsedMs: 60_000 } });
const last = { seq: 9, at: '2026-11-27T10:00:04.000Z', mono: 14_000, type: 'answer', data: {}, prev: null, hash: 'h' } as unknown as JournalEntry;
const now = Date.parse('2026-11-27T10:10:04.000Z'); // ten minutes closed

describe('restartCredit', () => {
  it('counts the span from the checkpoint to the last entry, not the closed time, by default', () => {
    const r = restartCredit(checkpoint('in-progress'), last, now, { closedAppTime: 'stopped' });
    expect(r.elapsedMs).toBe(64_000);
    expect(r.closedMs).toBe(600_000);
    expect(r.violation).toMatchObject({ kind: 'app-restarted', severity: 'warning', closedMs: 600_000 });
  });
  it('also counts the closed time when the policy says so', () => {
    expect(restartCredit(checkpoint('in-progress'), last, now, { closedAppTime: 'counts' }).elapsedMs).toBe(664_000);
  });
  it('adds nothing while paused or locked, for a deadline clock (it counts closed time itself), or for a wall clock set back', () => {
    expect(restartCredit(checkpoint('paused'), last, now, { closedAppTime: 'counts' }).elapsedMs).toBe(60_000);
    expect(restartCredit(checkpoint('in-progress', 'deadline'), last, now, { closedAppTime: 'counts' }).elapsedMs).toBe(60_000);
    expect(restartCredit(checkpoint('in-progress'), last, Date.parse('2026-11-27T09:00:00.000Z'), { closedAppTime: 'counts' }).closedMs).toBe(0);
  });
});
