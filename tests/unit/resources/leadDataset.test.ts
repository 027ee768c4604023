/**
 * scripts/gen-lead-dataset.ts: the committed shop.sql is exactly what the generator produces, so
 * the SQL items' keys were written against reproducible data.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng, DATASET_PATH, DEFAULT_SEED, generateShopSql, INDEX_ITEM_CUSTOMER } from '../../../scripts/gen-lead-dataset.js';
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
