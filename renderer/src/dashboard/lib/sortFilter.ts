import { ATTEMPT_STATES, type AttemptState } from '../../../../shared/lifecycle.js';
import { heartbeatAge, remainingNow, type AttemptRow } from './attemptRows.js';

/** The grid's sortable columns. */
export const SORT_KEYS = ['candidate', 'state', 'progress', 'timeLeft', 'heartbeat', 'lastSave', 'violations', 'grading'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'ascending' | 'descending';

export interface GridSort {
  key: SortKey;
  direction: SortDirection;
}

export interface GridFilter {
  /** One state, or every state. */
  state: AttemptState | 'all';
  /** Matched case-insensitively against the candidate's name and id and the attempt id. */
  text: string;
}

export const DEFAULT_SORT: GridSort = { key: 'candidate', direction: 'ascending' };
export const DEFAULT_FILTER: GridFilter = { state: 'all', text: '' };

export function filterRows(rows: readonly AttemptRow[], filter: GridFilter): AttemptRow[] {
  const needle = filter.text.trim().toLocaleLowerCase();
  return rows.filter((row) => {
    const s = row.summary;
    if (filter.state !== 'all' && s.state !== filter.state) return false;
    if (!needle) return true;
    return [s.candidate.name, s.candidate.id, s.attemptId].some((field) => field.toLocaleLowerCase().includes(needle));
  });
}

type SortValue = number | string;

/** What a column sorts by; missing values (no heartbeat yet, no time) sort after everything else. */
function sortValue(row: AttemptRow, key: SortKey, now: number): SortValue | SortValue[] | null {
  const s = row.summary;
  switch (key) {
    case 'candidate':
      return [s.candidate.name.toLocaleLowerCase(), s.candidate.id.toLocaleLowerCase()];
    case 'state':
      return ATTEMPT_STATES.indexOf(s.state);
    case 'progress':
      return s.progress.total > 0 ? s.progress.answered / s.progress.total : s.progress.answered;
    case 'timeLeft':
      return remainingNow(row, now);
    case 'heartbeat':
      return heartbeatAge(row, now);
    case 'lastSave': {
      // Most recent first reads naturally as "ascending age".
      const at = s.lastSavedAt === null ? NaN : Date.parse(s.lastSavedAt);
      return Number.isFinite(at) ? now - at : null;
    }
    case 'violations':
      return [s.violations.critical, s.violations.warning, s.violations.info];
    case 'grading':
      return s.grading.maxScore ? (s.grading.score ?? 0) / s.grading.maxScore : s.grading.score;
  }
}

function compareValues(a: SortValue | SortValue[], b: SortValue | SortValue[]): number {
  const left = Array.isArray(a) ? a : [a];
  const right = Array.isArray(b) ? b : [b];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x).localeCompare(String(y));
  }
  return 0;
}

/** A new array sorted by the column; ties (and missing values) keep a stable order by candidate. */
export function sortRows(rows: readonly AttemptRow[], sort: GridSort, now: number): AttemptRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, value: sortValue(row, sort.key, now), tie: sortValue(row, 'candidate', now) as SortValue[] }));
  keyed.sort((a, b) => {
    if (a.value === null && b.value !== null) return 1;
    if (b.value === null && a.value !== null) return -1;
    const primary = a.value === null || b.value === null ? 0 : sign * compareValues(a.value, b.value);
    if (primary !== 0) return primary;
    return compareValues(a.tie, b.tie) || a.row.summary.attemptId.localeCompare(b.row.summary.attemptId);
  });
  return keyed.map((k) => k.row);
}

/** Clicking a column: the same column flips direction, another starts ascending. */
export function nextSort(current: GridSort, key: SortKey): GridSort {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: 'ascending' };
}
