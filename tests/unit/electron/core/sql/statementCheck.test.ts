import { describe, expect, it } from 'vitest';
import { checkReadOnlyQuery, leadingKeyword, splitStatements } from '../../../../../electron/core/sql/statementCheck.js';

describe('splitStatements', () => {
  it.each([
    ['SELECT 1', ['SELECT 1']],
    ['SELECT 1;', ['SELECT 1']],
    ['  SELECT 1 ; ;; -- done\n', ['SELECT 1']],
    ['SELECT 1; SELECT 2', ['SELECT 1', 'SELECT 2']],
    ["SELECT ';' AS semi", ["SELECT ';' AS semi"]],
    ["SELECT 'it''s; fine'", ["SELECT 'it''s; fine'"]],
    ['SELECT "a;b", `c;d`, [e;f] FROM t', ['SELECT "a;b", `c;d`, [e;f] FROM t']],
    ['SELECT 1 -- a; comment\n', ['SELECT 1 -- a; comment']],
    ['SELECT 1 /* ; */ + 2', ['SELECT 1 /* ; */ + 2']],
    ['/* only a comment */ ; -- and another', []],
    ['', []],
  ])('%j', (sql, expected) => {
    expect(splitStatements(sql)).toEqual(expected);
  });
});

describe('leadingKeyword', () => {
  it('skips leading comments and whitespace', () => {
    expect(leadingKeyword('  -- why\n /* note */ select 1')).toBe('SELECT');
    expect(leadingKeyword('with x as (select 1) select * from x')).toBe('WITH');
    expect(leadingKeyword('(SELECT 1)')).toBe('');
  });
});

describe('checkReadOnlyQuery', () => {
  it.each(['SELECT 1', 'select * from t;', '-- list\nWITH x AS (SELECT 1) SELECT * FROM x', 'SELECT 1; -- trailing'])('accepts %j', (sql) => {
    expect(checkReadOnlyQuery(sql)).toEqual({ ok: true });
  });
  it.each([
    ['', /empty/],
    ['  -- nothing\n', /empty/],
    ['DELETE FROM t', /only a SELECT .* not DELETE/],
    ['PRAGMA table_info(t)', /not PRAGMA/],
    ['INSERT INTO t VALUES (1)', /not INSERT/],
    ['SELECT 1; DROP TABLE t', /only one statement is allowed, found 2/],
    ['SELECT 1; SELECT 2', /only one statement/],
  ])('refuses %j', (sql, message) => {
    const r = checkReadOnlyQuery(sql);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
  it('refuses absurdly long text', () => {
    expect(checkReadOnlyQuery(`SELECT '${'x'.repeat(100_001)}'`).ok).toBe(false);
  });
});
