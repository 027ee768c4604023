import type { CohortReply, CohortRow } from '../../../../shared/hub/cohort.js';

/**
 * The cohort screen's sorting, filtering and distribution, as pure functions over the hub's
 * cohort reply (the figures themselves are computed at the hub).
 */
export type CohortSortKey = 'rank' | 'candidate' | 'percent' | 'timeUsed' | 'violations' | `skill:${string}`;

export interface CohortSort {
  key: CohortSortKey;
  direction: 'ascending' | 'descending';
}

export interface CohortFilter {
  text: string;
  /** Rows at or above this percentage (0 for all). */
  minPercent: number;
  shortlistOnly: boolean;
}

export const DEFAULT_COHORT_SORT: CohortSort = { key: 'rank', direction: 'ascending' };
export const DEFAULT_COHORT_FILTER: CohortFilter = { text: '', minPercent: 0, shortlistOnly: false };

export function violationTotal(row: Pick<CohortRow, 'violations'>): number {
  return row.violations.critical + row.violations.warning + row.violations.info;
}

function value(row: CohortRow, key: CohortSortKey): number | string | null {
  if (key.startsWith('skill:')) return row.skills[key.slice('skill:'.length)]?.percent ?? null;
  switch (key) {
    case 'rank':
      return row.rank;
    case 'candidate':
      return row.candidate.name.toLocaleLowerCase();
    case 'percent':
      return row.percent;
    case 'timeUsed':
      return row.timeUsedMs;
    default:
      return violationTotal(row);
  }
}

/** Sorted copy; missing values last in either direction, ties by rank then name. */
export function sortCohort(rows: readonly CohortRow[], sort: CohortSort): CohortRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) {
      return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
    }
    return a.rank - b.rank || a.candidate.name.localeCompare(b.candidate.name);
  });
}

export function filterCohort(rows: readonly CohortRow[], filter: CohortFilter, shortlist: ReadonlySet<string>): CohortRow[] {
  const needle = filter.text.trim().toLocaleLowerCase();
  return rows.filter(
    (r) =>
      r.percent >= filter.minPercent &&
      (!filter.shortlistOnly || shortlist.has(r.attemptId)) &&
      (!needle || r.candidate.name.toLocaleLowerCase().includes(needle) || r.candidate.id.toLocaleLowerCase().includes(needle)),
  );
}

/** A click on a column header: the same column flips, another starts in its natural direction. */
export function nextCohortSort(current: CohortSort, key: CohortSortKey): CohortSort {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  // Rank and name read best ascending; scores, time and violations are looked at highest first.
  return { key, direction: key === 'rank' || key === 'candidate' ? 'ascending' : 'descending' };
}

/**
 * Percentages in ten bins: 0-9, 10-19, ..., 90-100 (100 joins the top bin). Null percentages
 * (a skill without points on a candidate's form) are left out.
 */
export function histogram(percents: ReadonlyArray<number | null>): number[] {
  const bins = Array.from({ length: 10 }, () => 0);
  for (const p of percents) {
    if (p === null || !Number.isFinite(p)) continue;
    const bin = Math.min(9, Math.max(0, Math.floor(p / 10)));
    bins[bin] = (bins[bin] ?? 0) + 1;
  }
  return bins;
}

/** "45 min", "1 h 05 min". */
export function minutes(ms: number): string {
  const total = Math.round(ms / 60_000);
  if (total < 60) return `${total} min`;
  return `${Math.floor(total / 60)} h ${String(total % 60).padStart(2, '0')} min`;
}

/** "87th", "1st", "22nd", "13th". */
export function ordinal(n: number): string {
  const r = Math.round(n);
  const tens = r % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : r % 10 === 1 ? 'st' : r % 10 === 2 ? 'nd' : r % 10 === 3 ? 'rd' : 'th';
  return `${r}${suffix}`;
}

/**
 * Several sittings of one exam as one cohort (the exam's norm across sittings): this hub's cohort
 * plus cohort exports (JSON) of other sittings. Ranks and percentiles are recomputed over everyone,
 * with the same rules as the hub (docs/reports.md): rank by percentage, ties share it; percentile
 * = below + half of equal, over n. Each row keeps the sitting it came from.
 */
export interface SittingRow extends CohortRow {
  sitting: string;
}

export function mergeSittings(sittings: ReadonlyArray<{ label: string; cohort: CohortReply }>): { rows: SittingRow[]; refused: string[] } {
  const first = sittings[0];
  if (!first) return { rows: [], refused: [] };
  const refused: string[] = [];
  const rows: SittingRow[] = [];
  const seen = new Set<string>();
  for (const { label, cohort } of sittings) {
    if (cohort.exam.id !== first.cohort.exam.id) {
      refused.push(`${label}: it is exam ${cohort.exam.id}, not ${first.cohort.exam.id}`);
      continue;
    }
    for (const r of cohort.rows) {
      // The same export loaded twice would count its candidates twice.
      if (seen.has(r.attemptId)) continue;
      seen.add(r.attemptId);
      rows.push({ ...r, sitting: label });
    }
  }
  const rank = (values: number[], v: number) => 1 + values.filter((x) => x > v + 1e-9).length;
  const pctile = (values: number[], v: number) => (100 * (values.filter((x) => x < v - 1e-9).length + values.filter((x) => Math.abs(x - v) <= 1e-9).length / 2)) / values.length;
  const totals = rows.map((r) => r.percent);
  const skillIds = first.cohort.exam.skills.map((s) => s.id);
  const skillValues = new Map(skillIds.map((id) => [id, rows.flatMap((r) => (r.skills[id]?.percent === null || r.skills[id] === undefined ? [] : [r.skills[id]?.percent as number]))]));
  const merged = rows.map((r) => ({
    ...r,
    rank: rank(totals, r.percent),
    percentile: Math.round(pctile(totals, r.percent) * 10_000) / 10_000,
    skills: Object.fromEntries(
      Object.entries(r.skills).map(([id, part]) => [id, { ...part, percentile: part.percent === null ? null : Math.round(pctile(skillValues.get(id) ?? [], part.percent) * 10_000) / 10_000 }]),
    ),
  }));
  merged.sort((a, b) => a.rank - b.rank || a.candidate.name.localeCompare(b.candidate.name));
  return { rows: merged, refused };
}
