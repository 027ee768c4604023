import { describe, expect, it } from 'vitest';
import { heartbeatAge, mergeSummaries, remainingNow } from '../../../../../../renderer/src/dashboard/lib/attemptRows.js';
import { summary } from '../fixtures.js';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('mergeSummaries', () => {
  it('replaces the list on a snapshot and patches single attempts on a push', () => {
    let rows = mergeSummaries({}, [summary({ attemptId: 'a' }), summary({ attemptId: 'b' })], T0, true);
    expect(Object.keys(rows).sort()).toEqual(['a', 'b']);
    rows = mergeSummaries(rows, [summary({ attemptId: 'a', state: 'paused' })], T0 + 1_000, false);
    expect(Object.keys(rows).sort()).toEqual(['a', 'b']);
    expect(rows.a?.summary.state).toBe('paused');
    rows = mergeSummaries(rows, [summary({ attemptId: 'b' })], T0 + 2_000, true);
    expect(Object.keys(rows)).toEqual(['b']);
  });

  it('ages the heartbeat locally: a summary without a new heartbeat keeps its age growing', () => {
    let rows = mergeSummaries({}, [summary({ attemptId: 'a', lastHeartbeatAt: iso(T0) })], T0, true);
    expect(heartbeatAge(rows.a!, T0 + 6_000)).toBe(6_000);
    // A push caused by something else (an event, a grade) does not refresh the heartbeat.
    rows = mergeSummaries(rows, [summary({ attemptId: 'a', lastHeartbeatAt: iso(T0), journalSeq: 4 })], T0 + 3_000, false);
    expect(heartbeatAge(rows.a!, T0 + 11_000)).toBe(11_000);
    rows = mergeSummaries(rows, [summary({ attemptId: 'a', lastHeartbeatAt: iso(T0 + 12_000) })], T0 + 12_000, false);
    expect(heartbeatAge(rows.a!, T0 + 12_500)).toBe(500);
  });
});

describe('remainingNow', () => {
  it('counts down between updates while the exam runs, and stands still otherwise', () => {
    const running = mergeSummaries({}, [summary({ attemptId: 'a', remainingMs: 60_000, lastHeartbeatAt: iso(T0) })], T0, true).a!;
    expect(remainingNow(running, T0 + 10_000)).toBe(50_000);
    expect(remainingNow(running, T0 + 120_000)).toBe(0);
    const paused = mergeSummaries({}, [summary({ attemptId: 'a', state: 'paused', remainingMs: 60_000, lastHeartbeatAt: iso(T0) })], T0, true).a!;
    expect(remainingNow(paused, T0 + 10_000)).toBe(60_000);
    const unknown = mergeSummaries({}, [summary({ attemptId: 'a', remainingMs: null })], T0, true).a!;
    expect(remainingNow(unknown, T0)).toBeNull();
  });
});
