import { describe, expect, it } from 'vitest';
import { filterCohort, histogram, mergeSittings, minutes, nextCohortSort, ordinal, sortCohort, DEFAULT_COHORT_FILTER } from '../../../../../../renderer/src/dashboard/lib/cohortTable.js';
import type { CohortReply, CohortRow } from '../../../../../../shared/hub/cohort.js';

function row(id: string, name: string, rank: number, percent: number, api: number | null, timeMin: number, warnings: number): CohortRow {
  return {
    attemptId: `a-${id}`,
    candidate: { id, name },
    rank,
    score: percent / 5,
    maxScore: 20,
    percent,
    percentile: 50,
    skills: { api: { score: 0, max: api === null ? 0 : 10, percent: api, percentile: null } },
    pendingManual: 0,
    startedAt: '2026-05-01T09:00:00.000Z',
    submittedAt: '2026-05-01T09:30:00.000Z',
    timeUsedMs: timeMin * 60_000,
    submitReason: 'candidate',
    violations: { info: 0, warning: warnings, critical: 0 },
    similarityFlags: 0,
  };
}

const rows = [row('a', 'Ada', 1, 90, 100, 40, 0), row('b', 'Bo', 2, 60, null, 55, 3), row('c', 'Cy', 3, 30, 20, 25, 1)];

describe('the cohort table', () => {
  it('sorts by any column, missing skill values last', () => {
    expect(sortCohort(rows, { key: 'timeUsed', direction: 'descending' }).map((r) => r.candidate.id)).toEqual(['b', 'a', 'c']);
    expect(sortCohort(rows, { key: 'skill:api', direction: 'ascending' }).map((r) => r.candidate.id)).toEqual(['c', 'a', 'b']);
    expect(sortCohort(rows, { key: 'skill:api', direction: 'descending' }).map((r) => r.candidate.id)).toEqual(['a', 'c', 'b']);
    expect(sortCohort(rows, { key: 'violations', direction: 'descending' }).map((r) => r.candidate.id)).toEqual(['b', 'c', 'a']);
    expect(nextCohortSort({ key: 'rank', direction: 'ascending' }, 'percent')).toEqual({ key: 'percent', direction: 'descending' });
    expect(nextCohortSort({ key: 'percent', direction: 'descending' }, 'percent')).toEqual({ key: 'percent', direction: 'ascending' });
  });

  it('filters by text, minimum percentage and the shortlist', () => {
    expect(filterCohort(rows, { ...DEFAULT_COHORT_FILTER, minPercent: 50 }, new Set()).map((r) => r.candidate.id)).toEqual(['a', 'b']);
    expect(filterCohort(rows, { ...DEFAULT_COHORT_FILTER, text: 'cy' }, new Set()).map((r) => r.candidate.id)).toEqual(['c']);
    expect(filterCohort(rows, { ...DEFAULT_COHORT_FILTER, shortlistOnly: true }, new Set(['a-c', 'a-a'])).map((r) => r.candidate.id)).toEqual(['a', 'c']);
  });

  it('bins percentages in tens, 100 in the top bin, nulls left out', () => {
    expect(histogram([0, 9.99, 10, 55, 100, 90, null])).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
  });

  it('says times and ranks as people do', () => {
    expect(minutes(45 * 60_000)).toBe('45 min');
    expect(minutes(65 * 60_000)).toBe('1 h 05 min');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 87.5].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '88th']);
  });
});

describe('several sittings as one cohort', () => {
  const exam = { id: 'x', version: '1', title: 'X', skills: [{ id: 'api', title: 'API' }] };
  const sitting = (rs: CohortRow[]): CohortReply => ({ exam, enrolled: rs.length, rows: rs });

  it('ranks and gives percentiles over every sitting, keeps where each row came from, refuses another exam', () => {
    // This hub: 90, 60. Other sitting: 75, 60 (and this hub's 90 again, loaded twice: counted once).
    const here = sitting([row('a', 'Ada', 1, 90, 100, 40, 0), row('b', 'Bo', 2, 60, 50, 55, 3)]);
    const there = sitting([row('d', 'Di', 1, 75, 80, 30, 0), row('e', 'Ed', 2, 60, 20, 30, 0), row('a', 'Ada', 1, 90, 100, 40, 0)]);
    const other = { ...sitting([row('z', 'Zed', 1, 99, 99, 10, 0)]), exam: { ...exam, id: 'y' } };
    const { rows: merged, refused } = mergeSittings([
      { label: 'This hub', cohort: here },
      { label: 'b.json', cohort: there },
      { label: 'c.json', cohort: other },
    ]);
    expect(refused).toEqual(['c.json: it is exam y, not x']);
    // Percentages 90, 75, 60, 60: percentiles (3 + .5) / 4, (2 + .5) / 4, (0 + 1) / 4.
    expect(merged.map((r) => [r.candidate.id, r.sitting, r.rank, r.percentile])).toEqual([
      ['a', 'This hub', 1, 87.5],
      ['d', 'b.json', 2, 62.5],
      ['b', 'This hub', 3, 25],
      ['e', 'b.json', 3, 25],
    ]);
    // API percents 100, 50, 80, 20: Di's 80 is above two of four: (2 + .5) / 4.
    expect(merged.find((r) => r.candidate.id === 'd')?.skills.api?.percentile).toBe(62.5);
  });
});
