import { describe, expect, it } from 'vitest';
import { mergeSummaries, type AttemptRow } from '../../../../../../renderer/src/dashboard/lib/attemptRows.js';
import { filterRows, nextSort, sortRows, type SortKey } from '../../../../../../renderer/src/dashboard/lib/sortFilter.js';
import { summary } from '../fixtures.js';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const rows: AttemptRow[] = Object.values(
  mergeSummaries(
    {},
    [
      summary({ attemptId: 'a1', candidate: { id: 'c-10', name: 'Grace Hopper' }, state: 'paused', progress: { answered: 5, total: 7 }, remainingMs: 300_000, lastHeartbeatAt: iso(T0 - 1_000), lastSavedAt: iso(T0 - 60_000), violations: { info: 3, warning: 0, critical: 0 }, grading: { status: 'graded', score: 8, maxScore: 10, pendingManual: 0, error: null } }),
      summary({ attemptId: 'a2', candidate: { id: 'c-2', name: 'alan turing' }, state: 'in-progress', progress: { answered: 1, total: 7 }, remainingMs: 500_000, lastHeartbeatAt: iso(T0 - 4_000), lastSavedAt: iso(T0 - 5_000), violations: { info: 0, warning: 2, critical: 1 }, online: true }),
      summary({ attemptId: 'a3', candidate: { id: 'c-3', name: 'Barbara Liskov' }, state: 'checked-in', progress: { answered: 0, total: 7 }, remainingMs: null, lastHeartbeatAt: null, lastSavedAt: null, violations: { info: 0, warning: 5, critical: 0 }, grading: { status: 'graded', score: 2, maxScore: 10, pendingManual: 1, error: null } }),
    ],
    T0,
    true,
  ),
);

const names = (list: AttemptRow[]) => list.map((r) => r.summary.candidate.name);

describe('filterRows', () => {
  it('filters by state and by text in the name or id, case-insensitively', () => {
    expect(names(filterRows(rows, { state: 'paused', text: '' }))).toEqual(['Grace Hopper']);
    expect(names(filterRows(rows, { state: 'all', text: 'TURING' }))).toEqual(['alan turing']);
    expect(names(filterRows(rows, { state: 'all', text: ' c-3 ' }))).toEqual(['Barbara Liskov']);
    expect(filterRows(rows, { state: 'in-progress', text: 'hopper' })).toEqual([]);
    expect(filterRows(rows, { state: 'all', text: '' })).toHaveLength(3);
  });
});

describe('sortRows', () => {
  const sorted = (key: SortKey, direction: 'ascending' | 'descending' = 'ascending') => names(sortRows(rows, { key, direction }, T0));

  it('sorts by every column, both ways', () => {
    expect(sorted('candidate')).toEqual(['alan turing', 'Barbara Liskov', 'Grace Hopper']);
    expect(sorted('candidate', 'descending')).toEqual(['Grace Hopper', 'Barbara Liskov', 'alan turing']);
    expect(sorted('state')).toEqual(['Barbara Liskov', 'alan turing', 'Grace Hopper']);
    expect(sorted('progress', 'descending')).toEqual(['Grace Hopper', 'alan turing', 'Barbara Liskov']);
    expect(sorted('heartbeat')).toEqual(['Grace Hopper', 'alan turing', 'Barbara Liskov']);
    expect(sorted('lastSave')).toEqual(['alan turing', 'Grace Hopper', 'Barbara Liskov']);
    // Critical first, then warnings, then info.
    expect(sorted('violations', 'descending')).toEqual(['alan turing', 'Barbara Liskov', 'Grace Hopper']);
    expect(sorted('grading', 'descending')).toEqual(['Grace Hopper', 'Barbara Liskov', 'alan turing']);
  });

  it('puts attempts without a value last in either direction', () => {
    expect(sorted('timeLeft')).toEqual(['Grace Hopper', 'alan turing', 'Barbara Liskov']);
    expect(sorted('timeLeft', 'descending')).toEqual(['alan turing', 'Grace Hopper', 'Barbara Liskov']);
  });

  it('flips the direction on the same column and starts ascending on another', () => {
    expect(nextSort({ key: 'state', direction: 'ascending' }, 'state')).toEqual({ key: 'state', direction: 'descending' });
    expect(nextSort({ key: 'state', direction: 'descending' }, 'state')).toEqual({ key: 'state', direction: 'ascending' });
    expect(nextSort({ key: 'state', direction: 'descending' }, 'candidate')).toEqual({ key: 'candidate', direction: 'ascending' });
  });
});
