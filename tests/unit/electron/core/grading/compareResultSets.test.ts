import { describe, expect, it } from 'vitest';
import { compareResultSets, normalizeValue, SQL_PARTIAL, type ResultSet } from '../../../../../electron/core/grading/compareResultSets.js';

const rs = (columns: string[], rows: ResultSet['rows']): ResultSet => ({ columns, rows });
const expected = rs(
  ['customer_id', 'order_count'],
  [
    [1, 2],
    [3, 3],
  ],
);

describe('normalizeValue', () => {
  it.each([
    [1, 1],
    [1.0, 1],
    ['1', 1],
    ['1.50', 1.5],
    ['-2e3', -2000],
    ['01', '01'],
    ['1 ', '1 '],
    ['abc', 'abc'],
    [null, null],
    [2.3333333333333335, 2.33333333333],
    [-0, 0],
  ] as const)('%j -> %j', (value, out) => {
    expect(normalizeValue(value)).toBe(out);
  });
});

describe('compareResultSets', () => {
  it('identical rows in any order are full marks when order does not matter', () => {
    expect(compareResultSets(expected, rs(['a', 'b'], [[3, 3], [1, 2]]), false)).toEqual({ verdict: 'identical', fraction: 1 });
  });

  it('ignores column names and aliases', () => {
    expect(compareResultSets(expected, rs(['c', 'COUNT(*)'], [[1, 2], [3, 3]]), false).fraction).toBe(1);
  });

  it('treats 1, 1.0 and "1" alike', () => {
    expect(compareResultSets(expected, rs(['a', 'b'], [['1', 2.0], [3, '3.0']]), false).fraction).toBe(1);
  });

  it('counts duplicates', () => {
    const dup = rs(['a'], [[1], [1], [2]]);
    expect(compareResultSets(dup, rs(['a'], [[1], [2], [2]]), false).verdict).toBe('same-shape');
    expect(compareResultSets(dup, rs(['a'], [[2], [1], [1]]), false).verdict).toBe('identical');
  });

  it('ordered: the same sequence is full marks, another order is partial', () => {
    expect(compareResultSets(expected, rs(['a', 'b'], [[1, 2], [3, 3]]), true).fraction).toBe(1);
    expect(compareResultSets(expected, rs(['a', 'b'], [[3, 3], [1, 2]]), true)).toMatchObject({ verdict: 'wrong-order', fraction: SQL_PARTIAL.wrongOrder });
  });

  it('extra columns around the right values are partial', () => {
    const withName = rs(['id', 'name', 'n'], [[3, 'cy', 3], [1, 'ada', 2]]);
    expect(compareResultSets(expected, withName, false)).toMatchObject({ verdict: 'extra-columns', fraction: SQL_PARTIAL.extraColumns, feedback: expect.stringMatching(/1 extra column/) });
  });

  it('the right columns in another order are partial', () => {
    const swapped = rs(['n', 'id'], [[2, 1], [3, 3]]);
    expect(compareResultSets(expected, swapped, false)).toMatchObject({ verdict: 'extra-columns', feedback: expect.stringMatching(/different order/) });
  });

  it('extra columns need the rows to line up, not just each column', () => {
    // Each column has the right values, but paired differently: (1,3) and (3,2) are not rows of the key.
    const mispaired = rs(['id', 'x', 'n'], [[1, 'a', 3], [3, 'b', 2]]);
    expect(compareResultSets(expected, mispaired, false).verdict).toBe('different');
  });

  it('same shape with other values earns the small partial', () => {
    const r = compareResultSets(expected, rs(['a', 'b'], [[1, 2], [4, 1]]), false);
    expect(r).toMatchObject({ verdict: 'same-shape', fraction: SQL_PARTIAL.sameShape });
    expect(r.feedback).toMatch(/1 expected row missing, 1 unexpected row/);
  });

  it('missing rows, extra rows or missing columns are 0', () => {
    expect(compareResultSets(expected, rs(['a', 'b'], [[1, 2]]), false)).toMatchObject({ verdict: 'different', fraction: 0, feedback: expect.stringMatching(/expected 2 rows of 2 columns, got 1 row of 2 columns; 1 expected row missing/) });
    expect(compareResultSets(expected, rs(['a', 'b'], [[1, 2], [3, 3], [2, 1]]), false).fraction).toBe(0);
    expect(compareResultSets(expected, rs(['a'], [[1], [3]]), false)).toMatchObject({ fraction: 0, feedback: 'expected 2 rows of 2 columns, got 2 rows of 1 column' });
  });

  it('empty results match when the shapes do', () => {
    expect(compareResultSets(rs(['a'], []), rs(['b'], []), false).fraction).toBe(1);
    expect(compareResultSets(rs(['a'], []), rs(['b'], [[1]]), false).fraction).toBe(0);
  });

  it('NULL equals only NULL', () => {
    expect(compareResultSets(rs(['a'], [[null]]), rs(['a'], [[0]]), false).verdict).toBe('same-shape');
    expect(compareResultSets(rs(['a'], [[null]]), rs(['a'], [['']]), false).verdict).toBe('same-shape');
    expect(compareResultSets(rs(['a'], [[null]]), rs(['a'], [[null]]), false).verdict).toBe('identical');
  });
});
