import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemSchema, type ItemOf } from '../../../../../shared/exam/examSchema.js';
import type { KeyEntryFor } from '../../../../../shared/exam/keySchema.js';
import { gradeSql } from '../../../../../electron/core/grading/gradeSql.js';
import { createSqlRunner, type SqlRunner } from '../../../../../electron/core/sql/sqlRunner.js';

const demo = path.resolve(import.meta.dirname, '../../../../../resources/exams/demo');
const datasetSql = readFileSync(path.join(demo, 'data/shop.sql'), 'utf8');
const item = itemSchema.parse({ id: 'top', type: 'sql', prompt: 'q', points: 4, dataset: 'data/shop.sql' }) as ItemOf<'sql'>;
const key = { query: 'SELECT customer_id, COUNT(*) AS order_count FROM orders GROUP BY customer_id HAVING COUNT(*) >= 2' };
const orderedKey = { query: 'SELECT id, total_cents FROM orders WHERE customer_id = 3 ORDER BY total_cents DESC', ordered: true };

let runner: SqlRunner;
beforeAll(async () => {
  runner = await createSqlRunner();
});
afterAll(async () => {
  await runner.close();
});

const grade = (answer: unknown, k: { query: string; ordered?: boolean } = key) => gradeSql(runner, { item, key: k, datasetSql, answer });

describe('gradeSql', () => {
  it.each([
    ['the key itself', key.query, 'correct', 4],
    ['another correct query, rows in another order, other aliases', 'SELECT o.customer_id AS c, count(o.id) AS n FROM orders o GROUP BY 1 HAVING n > 1 ORDER BY 1 DESC', 'correct', 4],
    ['an extra column', 'SELECT customer_id, c.name, COUNT(*) FROM orders JOIN customers c ON c.id = customer_id GROUP BY customer_id HAVING COUNT(*) >= 2', 'partial', 2],
    ['right shape, wrong values', 'SELECT customer_id, SUM(total_cents) FROM orders GROUP BY customer_id HAVING COUNT(*) >= 2', 'partial', 1],
    ['missing rows', 'SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id HAVING COUNT(*) >= 3', 'incorrect', 0],
    ['extra rows', 'SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id', 'incorrect', 0],
  ])('%s', async (_name, answer, status, score) => {
    expect(await grade(answer)).toMatchObject({ status, score, max: 4 });
  });

  it('ordered keys: the order counts', async () => {
    expect(await grade('SELECT id, total_cents FROM orders WHERE customer_id = 3 ORDER BY 2 DESC', orderedKey)).toMatchObject({ status: 'correct', score: 4 });
    expect(await grade('SELECT id, total_cents FROM orders WHERE customer_id = 3 ORDER BY 2', orderedKey)).toMatchObject({
      status: 'partial',
      score: 2,
      feedback: expect.stringMatching(/order/),
    });
    // The same wrong order is fine when the key is not ordered.
    expect(await grade('SELECT id, total_cents FROM orders WHERE customer_id = 3 ORDER BY 2', { query: orderedKey.query })).toMatchObject({ status: 'correct' });
  });

  it('an SQL error scores 0 with the error as feedback', async () => {
    expect(await grade('SELECT * FROM order')).toMatchObject({ status: 'incorrect', score: 0, feedback: expect.stringMatching(/syntax error/) });
    expect(await grade('SELECT nope FROM orders')).toEqual({ status: 'incorrect', score: 0, max: 4, feedback: 'no such column: nope' });
  });

  it('non-SELECT statements and several statements are refused', async () => {
    expect(await grade('DELETE FROM orders')).toMatchObject({ status: 'incorrect', score: 0, feedback: expect.stringMatching(/only a SELECT/) });
    expect(await grade(`${key.query}; SELECT 1`)).toMatchObject({ status: 'incorrect', score: 0, feedback: expect.stringMatching(/one statement/) });
  });

  it('a runaway query scores 0', async () => {
    const hang = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*), 1 FROM c';
    expect(await gradeSql(runner, { item, key, datasetSql, answer: hang, timeoutMs: 200 })).toMatchObject({ status: 'incorrect', feedback: expect.stringMatching(/longer than 200 ms/) });
  });

  it('unanswered and wrong-shape answers', async () => {
    expect(await grade('  ')).toEqual({ status: 'unanswered', score: 0, max: 4 });
    expect(await grade(undefined)).toMatchObject({ status: 'unanswered' });
    expect(await grade({ query: key.query })).toMatchObject({ status: 'incorrect', feedback: expect.stringMatching(/SQL query/) });
  });

  it('a broken key query or dataset is a question error', async () => {
    expect(await grade(key.query, { query: 'SELECT * FROM nowhere' })).toMatchObject({ status: 'error', score: 0, feedback: expect.stringMatching(/key query failed: no such table/) });
    expect(await gradeSql(runner, { item, key, datasetSql: 'CREATE TABLE (', answer: key.query })).toMatchObject({ status: 'error', feedback: expect.stringMatching(/dataset data\/shop.sql failed to load/) });
  });
});

describe('gradeSql plan checks', () => {
  const indexed = `${datasetSql}\nCREATE INDEX idx_orders_customer ON orders(customer_id);`;
  const byCustomer: KeyEntryFor<'sql'> = { query: 'SELECT id FROM orders WHERE customer_id = 3', plan: { uses: ['idx_orders_customer'], forbids: ['SCAN orders'] } };
  const gradePlan = (answer: string, k: KeyEntryFor<'sql'> = byCustomer, data = indexed) => gradeSql(runner, { item, key: k, datasetSql: data, answer });

  it('gives full marks to right rows from a plan that uses the index', async () => {
    expect(await gradePlan('SELECT id FROM orders WHERE customer_id = 3')).toMatchObject({ status: 'correct', score: 4 });
  });

  it('halves the points of right rows from a plan that cannot use the index, saying why', async () => {
    // Wrapping the column in an expression makes the index unusable for the search: SQLite scans
    // all of it. `uses` alone would be fooled (the scan reads the covering index); `forbids` is not.
    const g = await gradePlan('SELECT id FROM orders WHERE customer_id + 0 = 3');
    expect(g).toMatchObject({ status: 'partial', score: 2 });
    expect(g.feedback).toMatch(/the query plan contains "SCAN orders" \(plan: SCAN orders USING COVERING INDEX idx_orders_customer\)$/);
    const usesOnly = { query: byCustomer.query, plan: { uses: ['idx_orders_customer'] } };
    const noIndex = await gradePlan('SELECT id FROM orders NOT INDEXED WHERE customer_id = 3', usesOnly);
    expect(noIndex).toMatchObject({ status: 'partial', score: 2 });
    expect(noIndex.feedback).toMatch(/the query plan does not use the index idx_orders_customer \(plan: SCAN orders\)$/);
  });

  it('matches a forbidden step on whole words only', async () => {
    const k = { query: byCustomer.query, plan: { forbids: ['SCAN order'] } };
    expect(await gradePlan('SELECT id FROM orders WHERE customer_id + 0 = 3', k)).toMatchObject({ status: 'correct', score: 4 });
  });

  it('is a question error when the key query fails its own plan check', async () => {
    expect(await gradePlan('SELECT id FROM orders WHERE customer_id = 3', byCustomer, datasetSql)).toMatchObject({
      status: 'error',
      feedback: expect.stringMatching(/^the key query does not pass its own plan check: the query plan does not use the index idx_orders_customer/),
    });
  });
});
