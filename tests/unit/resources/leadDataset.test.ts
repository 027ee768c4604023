/**
 * scripts/gen-lead-dataset.ts: the committed shop.sql is exactly what the generator produces, so
 * the SQL items' keys were written against reproducible data; and the data has the shape the items
 * depend on (customers without orders, orders with several items, the planted tie and NULLs).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlRunner, type SqlRunner, type SqlValue } from '../../../electron/core/sql/sqlRunner.js';
import { createRng, DATASET_PATH, DEFAULT_SEED, generateShopSql, INDEX_ITEM_CUSTOMER, TIE_CATEGORY } from '../../../scripts/gen-lead-dataset.js';
import { repoRoot } from '../../support/paths.js';

describe('gen-lead-dataset', () => {
  it('produces the committed data/shop.sql byte for byte', async () => {
    const committed = await readFile(path.join(repoRoot, DATASET_PATH), 'utf8');
    expect(generateShopSql(DEFAULT_SEED) === committed, 'shop.sql is stale: run npx tsx scripts/gen-lead-dataset.ts').toBe(true);
  });

  it('is deterministic for a seed and changes with the seed', () => {
    expect(generateShopSql(7)).toBe(generateShopSql(7));
    expect(generateShopSql(8)).not.toBe(generateShopSql(7));
  });

  it('stays a few thousand rows under 400 KB, with the five tables and the index the prompts name', () => {
    const sql = generateShopSql();
    expect(Buffer.byteLength(sql)).toBeLessThan(400 * 1024);
    for (const table of ['customers', 'products', 'orders', 'order_items', 'events']) {
      expect(sql).toContain(`CREATE TABLE ${table} (`);
      expect(sql).toContain(`INSERT INTO ${table} (`);
    }
    expect(sql).toContain('CREATE INDEX idx_events_customer_type_time ON events (customer_id, type, occurred_at);');
    const rows = sql.split('\n').filter((line) => line.startsWith('(')).length;
    expect(rows).toBeGreaterThan(3000);
    expect(rows).toBeLessThan(20_000);
  });

  it('plants the index item customer events at the edges of March 2025', () => {
    const sql = generateShopSql();
    for (const at of ['2025-02-28 23:59:58', '2025-03-31 23:59:59', '2025-04-01 00:00:00']) {
      expect(sql).toMatch(new RegExp(`^\\(\\d+,${INDEX_ITEM_CUSTOMER},'add_to_cart',\\d+,'${at}'\\)`, 'm'));
    }
  });

  it('createRng gives the same stream for the same seed, in [0, 1)', () => {
    const a = createRng(1);
    const b = createRng(1);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
  });
});

describe('the shop dataset distribution', () => {
  let runner: SqlRunner;
  const sql = generateShopSql();
  const rows = async (query: string): Promise<SqlValue[][]> => {
    const result = await runner.run(sql, query, { maxRows: 10_000 });
    if (!result.ok) throw new Error(`${query}: ${result.error}`);
    return result.rows;
  };
  const one = async (query: string): Promise<number> => Number((await rows(query))[0]?.[0]);

  beforeAll(async () => {
    runner = await createSqlRunner();
  });
  afterAll(async () => {
    await runner.close();
  });

  it('most customers have orders, some have none, and a heavy tail has many', async () => {
    const customers = await one('SELECT COUNT(*) FROM customers');
    const withOrders = await one('SELECT COUNT(DISTINCT customer_id) FROM orders');
    expect(withOrders / customers).toBeGreaterThan(0.7);
    expect(withOrders / customers).toBeLessThan(0.95);
    const heavy = await one('SELECT COUNT(*) FROM (SELECT customer_id FROM orders GROUP BY customer_id HAVING COUNT(*) >= 8)');
    expect(heavy).toBeGreaterThanOrEqual(20);
  });

  it('orders have one to five items, and multi-item orders are common', async () => {
    const perOrder = await rows('SELECT n, COUNT(*) FROM (SELECT order_id, COUNT(*) AS n FROM order_items GROUP BY order_id) GROUP BY n ORDER BY n');
    const counts = new Map(perOrder.map(([n, c]) => [Number(n), Number(c)]));
    const orders = await one('SELECT COUNT(*) FROM orders');
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(orders); // no order without items
    expect(Math.min(...counts.keys())).toBe(1);
    expect(Math.max(...counts.keys())).toBeLessThanOrEqual(5);
    const single = counts.get(1) ?? 0;
    expect(single / orders).toBeGreaterThan(0.3);
    expect(single / orders).toBeLessThan(0.6);
    expect(((counts.get(3) ?? 0) + (counts.get(4) ?? 0) + (counts.get(5) ?? 0)) / orders).toBeGreaterThan(0.15);
  });

  it(`plants a tie between the 3rd and 4th best sellers of ${TIE_CATEGORY} in 2025`, async () => {
    const units = await rows(`SELECT p.id, SUM(oi.quantity) AS units FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
      WHERE o.status IN ('paid', 'shipped') AND o.created_at >= '2025-01-01' AND o.created_at < '2026-01-01' AND p.category = '${TIE_CATEGORY}'
      GROUP BY p.id ORDER BY units DESC, p.id`);
    expect(units.length).toBeGreaterThanOrEqual(4);
    expect(units[2]?.[1]).toBe(units[3]?.[1]);
    expect(units[1]?.[1]).not.toBe(units[2]?.[1]);
  });

  it('has NULL product ids in events and products that no event names (the NOT IN trap bites)', async () => {
    expect(await one('SELECT COUNT(*) FROM events WHERE product_id IS NULL')).toBeGreaterThan(100);
    expect(await one('SELECT COUNT(*) FROM products p WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.product_id = p.id)')).toBe(3);
    expect(await one('SELECT COUNT(*) FROM products WHERE id NOT IN (SELECT product_id FROM events)')).toBe(0);
  });
});
