import type { SqlValue } from '../sql/sqlRunner.js';

/**
 * Compares a candidate's result set with the key's (docs/grading.md, "sql"). Columns are matched by
 * position and their names are ignored, so aliases never matter; values are compared after
 * normalizeValue. The verdicts, best first:
 *   identical      same column count, same rows (as a multiset; as a sequence when ordered): 1
 *   wrong-order    ordered key, the right rows in another order: SQL_PARTIAL.wrongOrder
 *   extra-columns  the key's columns are all there (in any position) among extra ones or in another
 *                  order, same row count: SQL_PARTIAL.extraColumns
 *   same-shape     same number of columns and rows, values differ: SQL_PARTIAL.sameShape
 *   different      anything else: 0
 */
export const SQL_PARTIAL = { wrongOrder: 0.5, extraColumns: 0.5, sameShape: 0.25 } as const;

export interface ResultSet {
  columns: string[];
  rows: SqlValue[][];
}

export type Verdict = 'identical' | 'wrong-order' | 'extra-columns' | 'same-shape' | 'different';

export interface Comparison {
  verdict: Verdict;
  fraction: number;
  feedback?: string;
}

type Cell = string | number | null;

/** Text in plain decimal form ("1.0", "-2.5e3", not "01") compares as the number it spells. */
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * 1 and 1.0 are the same SQLite value; "1.50" (text) and 1.5 mean the same number; and two ways
 * of computing an average differ in the last bits. Numbers keep 12 significant digits.
 */
export function normalizeValue(value: SqlValue): Cell {
  if (typeof value === 'string') {
    if (!DECIMAL.test(value)) return value;
    const n = Number(value);
    return Number.isFinite(n) ? normalizeNumber(n) : value;
  }
  return typeof value === 'number' ? normalizeNumber(value) : null;
}

function normalizeNumber(n: number): number {
  if (!Number.isFinite(n)) return n;
  const rounded = Number(n.toPrecision(12));
  return rounded === 0 ? 0 : rounded;
}

function rowKey(row: Cell[]): string {
  return JSON.stringify(row);
}

function counts(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

function sameMultiset(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const ca = counts(a);
  for (const [k, n] of counts(b)) if (ca.get(k) !== n) return false;
  return true;
}

function sameSequence(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** Rows missing from `actual` and rows in `actual` the key does not have (as multisets). */
function rowDifference(expected: string[], actual: string[]): { missing: number; unexpected: number } {
  const remaining = counts(expected);
  let unexpected = 0;
  for (const k of actual) {
    const n = remaining.get(k) ?? 0;
    if (n > 0) remaining.set(k, n - 1);
    else unexpected += 1;
  }
  let missing = 0;
  for (const n of remaining.values()) missing += n;
  return { missing, unexpected };
}

const MAX_PROJECTION_ATTEMPTS = 10_000;

/**
 * Looks for a choice of distinct actual columns, one per expected column, under which the rows
 * match. Candidates for each expected column are the actual columns holding the same multiset of
 * values, which keeps the search tiny in practice; it gives up after MAX_PROJECTION_ATTEMPTS.
 */
function findProjection(expected: Cell[][], actual: Cell[][], expectedCols: number, actualCols: number, ordered: boolean): boolean {
  const column = (rows: Cell[][], c: number) => rows.map((r) => rowKey([r[c] ?? null]));
  const options: number[][] = [];
  for (let e = 0; e < expectedCols; e++) {
    const want = column(expected, e);
    const fits: number[] = [];
    for (let a = 0; a < actualCols; a++) {
      const have = column(actual, a);
      if (ordered ? sameSequence(want, have) : sameMultiset(want, have)) fits.push(a);
    }
    if (fits.length === 0) return false;
    options.push(fits);
  }
  const expectedKeys = expected.map(rowKey);
  const chosen: number[] = [];
  const used = new Set<number>();
  let attempts = 0;
  const search = (e: number): boolean => {
    if (e === expectedCols) {
      attempts += 1;
      const projected = actual.map((r) => rowKey(chosen.map((c) => r[c] ?? null)));
      return ordered ? sameSequence(expectedKeys, projected) : sameMultiset(expectedKeys, projected);
    }
    for (const a of options[e] ?? []) {
      if (used.has(a) || attempts >= MAX_PROJECTION_ATTEMPTS) continue;
      used.add(a);
      chosen.push(a);
      if (search(e + 1)) return true;
      chosen.pop();
      used.delete(a);
    }
    return false;
  };
  return search(0);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function compareResultSets(expected: ResultSet, actual: ResultSet, ordered: boolean): Comparison {
  const exp = expected.rows.map((r) => r.map(normalizeValue));
  const act = actual.rows.map((r) => r.map(normalizeValue));
  const expCols = expected.columns.length;
  const actCols = actual.columns.length;
  const expKeys = exp.map(rowKey);
  const actKeys = act.map(rowKey);

  if (expCols === actCols) {
    if (ordered ? sameSequence(expKeys, actKeys) : sameMultiset(expKeys, actKeys)) return { verdict: 'identical', fraction: 1 };
    if (ordered && sameMultiset(expKeys, actKeys)) {
      return { verdict: 'wrong-order', fraction: SQL_PARTIAL.wrongOrder, feedback: 'the right rows, but not in the required order' };
    }
  }
  if (actCols >= expCols && exp.length === act.length && expCols > 0 && findProjection(exp, act, expCols, actCols, ordered)) {
    const what = actCols > expCols ? `${plural(actCols - expCols, 'extra column')}` : 'the columns in a different order';
    return { verdict: 'extra-columns', fraction: SQL_PARTIAL.extraColumns, feedback: `the right values, but with ${what}` };
  }
  const shape = `expected ${plural(exp.length, 'row')} of ${plural(expCols, 'column')}, got ${plural(act.length, 'row')} of ${plural(actCols, 'column')}`;
  if (expCols === actCols) {
    const { missing, unexpected } = rowDifference(expKeys, actKeys);
    const detail = `${shape}; ${plural(missing, 'expected row')} missing, ${plural(unexpected, 'unexpected row')}`;
    if (exp.length === act.length) return { verdict: 'same-shape', fraction: SQL_PARTIAL.sameShape, feedback: detail };
    return { verdict: 'different', fraction: 0, feedback: detail };
  }
  return { verdict: 'different', fraction: 0, feedback: shape };
}
