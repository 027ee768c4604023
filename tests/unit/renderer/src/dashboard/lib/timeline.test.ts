import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../../../../shared/journal.js';
import { describeEntry, failedChecksFromTimeline } from '../../../../../../renderer/src/dashboard/lib/timeline.js';

let seq = 0;
const entry = (type: JournalEntry['type'], data: unknown): JournalEntry => ({ seq: ++seq, at: '2026-01-01T10:00:00.000Z', mono: seq, type, data, prev: null, hash: '0'.repeat(64) });

describe('describeEntry', () => {
  it('says what each kind of entry means in a line', () => {
    expect(describeEntry(entry('state', { from: 'in-progress', to: 'locked', reason: 'proctor-lock' }))).toBe('in-progress → locked (proctor-lock)');
    expect(describeEntry(entry('answer', { itemId: 'q1', value: 'b' }))).toBe('q1: b');
    expect(describeEntry(entry('answer', { itemId: 'q1', value: null }))).toBe('q1: answer cleared');
    expect(describeEntry(entry('answer', { itemId: 'essay', value: 'word '.repeat(100) }))).toMatch(/^essay: (word ){20}.*…$/);
    expect(describeEntry(entry('violation', { kind: 'focus-loss', severity: 'warning', detail: 'away 4 s' }))).toBe('warning · focus-loss: away 4 s');
    expect(describeEntry(entry('command', { type: 'add-time', minutes: 5, issuedBy: 'Ana' }))).toBe('add-time carried out (from Ana): 5 min');
    expect(describeEntry(entry('timer', { clock: 'active', durationMinutes: 10, elapsedMs: 65_000, extraMs: 300_000, factor: 1, state: 'running' }))).toBe(
      'clock checkpoint: 1:05 used of 10 min, +5 min added (running)',
    );
    expect(describeEntry(entry('sync', { receipt: 'vr1.x.y', resultSha256: 'ab' }))).toBe('the hub’s receipt for the result was stored');
  });
});

describe('failedChecksFromTimeline', () => {
  it('finds the newest list of failed pre-flight checks', () => {
    expect(failedChecksFromTimeline([entry('state', { from: 'checked-in', to: 'preflight' })])).toEqual([]);
    expect(
      failedChecksFromTimeline([
        entry('sync', { checks: [{ id: 'displays', status: 'fail' }] }),
        entry('sync', { checks: [{ id: 'remote-session', status: 'fail' }, { id: 'storage', status: 'pass' }] }),
      ]),
    ).toEqual(['remote-session']);
    expect(failedChecksFromTimeline([entry('state', { from: 'preflight', to: 'ready', failed: ['virtual-machine'] })])).toEqual(['virtual-machine']);
  });

  it('counts single pre-flight findings journaled when the candidate saw them, but not warnings', () => {
    const vm = entry('violation', { kind: 'vm-detected', severity: 'critical', check: 'virtual-machine', status: 'fail', detail: 'Pre-flight failed: VM.' });
    const warn = entry('violation', { kind: 'remote-session', severity: 'warning', check: 'remote-session', status: 'warn', detail: 'Pre-flight warned.' });
    expect(failedChecksFromTimeline([vm, warn])).toEqual(['virtual-machine']);
    expect(failedChecksFromTimeline([entry('violation', { kind: 'preflight-failed', severity: 'warning', detail: 'x', checks: [{ id: 'displays', status: 'fail' }] }), vm])).toEqual(['displays', 'virtual-machine']);
  });
});
