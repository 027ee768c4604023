import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlRunner, type SqlRunner } from '../../../../../electron/core/sql/sqlRunner.js';

const DATASET = `
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB);
INSERT INTO t VALUES (1, 'ada', 1.5, x'0aff'), (2, 'bob', NULL, NULL), (3, 'cy', 3.0, NULL);
`;

let runner: SqlRunner;
beforeAll(async () => {
  runner = await createSqlRunner();
});
afterAll(async () => {
  await runner.close();
});

describe('sqlRunner', () => {
  it('returns columns and rows of a SELECT', async () => {
    const r = await runner.run(DATASET, 'SELECT id, name AS who, score, data FROM t ORDER BY id');
    expect(r).toEqual({
      ok: true,
      columns: ['id', 'who', 'score', 'data'],
      rows: [
        [1, 'ada', 1.5, "x'0aff'"],
        [2, 'bob', null, null],
        [3, 'cy', 3, null],
      ],
      truncated: false,
    });
  });

  it('accepts WITH queries', async () => {
    const r = await runner.run(DATASET, 'WITH top AS (SELECT * FROM t WHERE id > 1) SELECT count(*) AS n FROM top;');
    expect(r).toMatchObject({ ok: true, rows: [[2]] });
  });

  it('refuses statements other than SELECT/WITH, several statements, and WITH ... DELETE', async () => {
    expect(await runner.run(DATASET, 'DELETE FROM t')).toMatchObject({ ok: false, kind: 'rejected', error: expect.stringMatching(/not DELETE/) });
    expect(await runner.run(DATASET, 'SELECT 1; DELETE FROM t')).toMatchObject({ ok: false, kind: 'rejected', error: expect.stringMatching(/one statement/) });
    expect(await runner.run(DATASET, 'WITH x AS (SELECT 1) DELETE FROM t')).toMatchObject({ ok: false, kind: 'rejected', error: expect.stringMatching(/change the database/) });
    expect(await runner.run(DATASET, 'WITH x AS (SELECT 1) INSERT INTO t (name) SELECT * FROM x')).toMatchObject({ ok: false, kind: 'rejected' });
    // Nothing above touched the data, and every run starts from the dataset anyway.
    expect(await runner.run(DATASET, 'SELECT count(*) FROM t')).toMatchObject({ ok: true, rows: [[3]] });
  });

  it('reports SQLite errors as data', async () => {
    expect(await runner.run(DATASET, 'SELECT * FROM missing')).toEqual({ ok: false, kind: 'query', error: 'no such table: missing' });
    expect(await runner.run(DATASET, 'SELEC 1')).toMatchObject({ ok: false, kind: 'rejected' });
    expect(await runner.run(DATASET, 'SELECT FROM')).toMatchObject({ ok: false, kind: 'query', error: expect.stringMatching(/syntax error/) });
  });

  it('reports a dataset that fails to load as a dataset error', async () => {
    expect(await runner.run('CREATE TABLE broken (', 'SELECT 1')).toMatchObject({ ok: false, kind: 'dataset' });
  });

  it('runs each query on a fresh copy of its dataset', async () => {
    const other = 'CREATE TABLE t (id INTEGER); INSERT INTO t VALUES (42);';
    expect(await runner.run(other, 'SELECT id FROM t')).toMatchObject({ ok: true, rows: [[42]] });
    expect(await runner.run(DATASET, 'SELECT count(*) FROM t')).toMatchObject({ ok: true, rows: [[3]] });
    // Datasets never mix: the second dataset's database holds only its own table.
    expect(await runner.run(other, 'SELECT name FROM sqlite_master')).toMatchObject({ ok: true, rows: [['t']] });
  });

  it('caps rows and says so', async () => {
    const endless = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c';
    const r = await runner.run(DATASET, endless, { maxRows: 5 });
    expect(r).toEqual({ ok: true, columns: ['x'], rows: [[1], [2], [3], [4], [5]], truncated: true });
    const display = await runner.run(DATASET, endless);
    expect(display.ok && display.rows.length).toBe(1000);
  });

  it('stops a runaway query and keeps working afterwards', async () => {
    const hang = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';
    expect(await runner.run(DATASET, hang, { timeoutMs: 200 })).toMatchObject({ ok: false, kind: 'timeout', error: expect.stringMatching(/200 ms/) });
    expect(await runner.run(DATASET, 'SELECT count(*) FROM t')).toMatchObject({ ok: true, rows: [[3]] });
  });

  it('caps memory: a query that needs too much fails, and the next one runs', async () => {
    expect(await runner.run(DATASET, 'SELECT length(randomblob(300000000))')).toMatchObject({ ok: false, kind: 'query', error: expect.stringMatching(/out of memory/) });
    expect(await runner.run(DATASET, 'SELECT name FROM t WHERE id = 1')).toMatchObject({ ok: true, rows: [['ada']] });
  });

  it('serialises concurrent runs, each getting its own result', async () => {
    const results = await Promise.all([1, 2, 3].map((id) => runner.run(DATASET, `SELECT name FROM t WHERE id = ${id}`)));
    expect(results.map((r) => r.ok && r.rows[0]?.[0])).toEqual(['ada', 'bob', 'cy']);
  });

  it('refuses runs after close', async () => {
    const own = await createSqlRunner();
    await own.close();
    await expect(own.run(DATASET, 'SELECT 1')).rejects.toThrow(/closed/);
  });
});
