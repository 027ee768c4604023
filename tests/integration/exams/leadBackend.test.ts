/**
 * The flagship package resources/exams/lead-backend and its practice form: they load through the
 * engine's package loader, and their SQL keys run on the committed datasets and tell right answers
 * from common wrong ones, including queries with the right rows and the wrong plan. The measurement
 * rules are in tests/unit/resources/leadBackendRules.test.ts; the coding tasks' mutant tables in
 * leadBackendTasks.test.ts.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allItems, type Exam, type Item, type ItemOf } from '../../../shared/exam/examSchema.js';
import { keyEntrySchemas, type Key, type KeyEntryFor } from '../../../shared/exam/keySchema.js';
import { gradeSql } from '../../../electron/core/grading/gradeSql.js';
import { loadPackage } from '../../../electron/core/package/loadPackage.js';
import { formatProblem } from '../../../electron/core/package/types.js';
import { prepareWorkspace } from '../../../electron/core/workspace/prepareWorkspace.js';
import { createSqlRunner, SQL_MAX_ROWS, type SqlRunner } from '../../../electron/core/sql/sqlRunner.js';
import { examsDir, hasRawHtml, readExamFiles } from './examFiles.js';

const PACKAGES = ['lead-backend', 'lead-backend-practice'] as const;

async function readPackage(name: string): Promise<{ dir: string; exam: Exam; key: Key; items: Item[] }> {
  const dir = path.join(examsDir, name);
  const { exam, key } = await readExamFiles(dir);
  return { dir, exam, key, items: allItems(exam).map(({ item }) => item) };
}

function keyFor<T extends Item['type']>(key: Key, item: ItemOf<T>): KeyEntryFor<T> {
  const schema = keyEntrySchemas[item.type] as unknown as { parse: (v: unknown) => KeyEntryFor<T> };
  return schema.parse(key.items[item.id]);
}

describe.each(PACKAGES)('%s package validity', (name) => {
  it('seeds every coding item\'s workspace in every offered language from that language\'s starter (never empty)', async () => {
    const { dir, items } = await readPackage(name);
    const coding = items.filter((i): i is ItemOf<'coding'> => i.type === 'coding');
    expect(coding.length).toBeGreaterThan(0);
    const attempts = await mkdtemp(path.join(os.tmpdir(), 'vigil-lead-ws-'));
    try {
      for (const item of coding) {
        for (const language of item.languages ?? []) {
          const ws = await prepareWorkspace({ packageDir: dir, task: item.task, attemptDir: path.join(attempts, language), itemId: item.id, language });
          expect((await readdir(ws.dir)).length, `${item.id} in ${language}`).toBeGreaterThan(0);
          expect(ws.skipped, `${item.id} in ${language}`).toEqual([]);
        }
      }
    } finally {
      await rm(attempts, { recursive: true, force: true });
    }
  });

  it('loads through the package loader without a single problem', async () => {
    const result = await loadPackage(path.join(examsDir, name));
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    if (!result.ok) return;
    expect(result.pkg.key).not.toBeNull();
    expect(result.pkg.hasGradingMaterial).toBe(true);
  });

  it('has exactly one key entry per item, each valid for its item type', async () => {
    const { exam, key, items } = await readPackage(name);
    expect(Object.keys(key.items).sort()).toEqual(items.map((i) => i.id).sort());
    for (const item of items) {
      const parsed = keyEntrySchemas[item.type].safeParse(key.items[item.id]);
      expect(parsed.success, `${item.id}: ${parsed.error?.message ?? ''}`).toBe(true);
    }
    expect(key.examId).toBe(exam.id);
    expect(key.examVersion).toBe(exam.version);
  });

  it('uses markdown without raw HTML in every prompt and option', async () => {
    const { exam, items } = await readPackage(name);
    expect(hasRawHtml('a <b>bold</b> claim')).toBe(true);
    const offenders = items.flatMap((i) => [
      ...(hasRawHtml(i.prompt) ? [i.id] : []),
      ...('options' in i ? i.options.filter((o) => hasRawHtml(o.text)).map((o) => `${i.id}/${o.id}`) : []),
    ]);
    expect(offenders).toEqual([]);
    expect(hasRawHtml(exam.instructions)).toBe(false);
  });
});

/** Common wrong answers (each must lose points) and other right ones (full marks). */
interface SqlCases {
  minRows: number;
  wrong: string[];
  right: string[];
  /** Wrong only because of the tie rule the data plants. */
  wrongTie?: string[];
  /** Right rows, plan that cannot use the index the item asks for. */
  wrongPlan?: string[];
}

const SQL_CASES: Record<string, SqlCases> = {
  'sql-country-revenue': {
    minRows: 3,
    wrong: [
      // Join fan-out: counts items, not orders, so small countries pass the HAVING.
      `SELECT c.country, COUNT(*) AS orders, SUM(oi.quantity * oi.unit_price_cents) AS revenue_cents
       FROM orders o JOIN customers c ON c.id = o.customer_id JOIN order_items oi ON oi.order_id = o.id
       WHERE o.status IN ('paid', 'shipped') AND o.created_at >= '2025-01-01' AND o.created_at < '2026-01-01'
       GROUP BY c.country HAVING COUNT(*) >= 50`,
      `SELECT c.country, COUNT(DISTINCT o.id), SUM(oi.quantity * oi.unit_price_cents)
       FROM orders o JOIN customers c ON c.id = o.customer_id JOIN order_items oi ON oi.order_id = o.id
       WHERE o.status = 'paid' AND o.created_at LIKE '2025%'
       GROUP BY c.country HAVING COUNT(DISTINCT o.id) >= 50`,
    ],
    right: [
      `WITH totals AS (
         SELECT o.id, o.customer_id, SUM(oi.quantity * oi.unit_price_cents) AS revenue
         FROM orders o JOIN order_items oi ON oi.order_id = o.id
         WHERE o.status IN ('paid', 'shipped') AND strftime('%Y', o.created_at) = '2025'
         GROUP BY o.id)
       SELECT c.country, COUNT(*) AS n, SUM(t.revenue) AS rev
       FROM totals t JOIN customers c ON c.id = t.customer_id
       GROUP BY c.country HAVING n >= 50`,
    ],
  },
  'sql-top-products': {
    minRows: 12,
    wrong: [
      // Every status counts.
      `SELECT category, sku, units, rank FROM (
         SELECT p.category, p.sku, SUM(oi.quantity) AS units,
                ROW_NUMBER() OVER (PARTITION BY p.category ORDER BY SUM(oi.quantity) DESC, p.id) AS rank
         FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
         WHERE o.created_at >= '2025-01-01' AND o.created_at < '2026-01-01'
         GROUP BY p.id) WHERE rank <= 3`,
      // Ranked by revenue, not units.
      `SELECT category, sku, units, rank FROM (
         SELECT p.category, p.sku, SUM(oi.quantity) AS units,
                ROW_NUMBER() OVER (PARTITION BY p.category ORDER BY SUM(oi.quantity * oi.unit_price_cents) DESC, p.id) AS rank
         FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
         WHERE o.status IN ('paid', 'shipped') AND o.created_at >= '2025-01-01' AND o.created_at < '2026-01-01'
         GROUP BY p.id) WHERE rank <= 3`,
    ],
    wrongTie: [
      // RANK without the id: the planted tie at rank 3 gives four rows in one category.
      `SELECT category, sku, units, r FROM (
         SELECT p.category, p.sku, SUM(oi.quantity) AS units,
                RANK() OVER (PARTITION BY p.category ORDER BY SUM(oi.quantity) DESC) AS r
         FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
         WHERE o.status IN ('paid', 'shipped') AND o.created_at >= '2025-01-01' AND o.created_at < '2026-01-01'
         GROUP BY p.id) WHERE r <= 3`,
      // The tie broken the wrong way round.
      `SELECT category, sku, units, r FROM (
         SELECT p.category, p.sku, SUM(oi.quantity) AS units,
                ROW_NUMBER() OVER (PARTITION BY p.category ORDER BY SUM(oi.quantity) DESC, p.id DESC) AS r
         FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
         WHERE o.status IN ('paid', 'shipped') AND o.created_at >= '2025-01-01' AND o.created_at < '2026-01-01'
         GROUP BY p.id) WHERE r <= 3`,
    ],
    right: [
      `SELECT category, sku, units, r FROM (
         SELECT p.category, p.sku, SUM(oi.quantity) AS units,
                RANK() OVER (PARTITION BY p.category ORDER BY SUM(oi.quantity) DESC, p.id) AS r
         FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN products p ON p.id = oi.product_id
         WHERE o.status IN ('shipped', 'paid') AND o.created_at BETWEEN '2025-01-01' AND '2025-12-31 23:59:59'
         GROUP BY p.id, p.category, p.sku) WHERE r <= 3`,
    ],
  },
  'sql-duplicate-accounts': {
    minRows: 10,
    wrong: [
      'SELECT email, COUNT(*) AS accounts, MIN(id) AS first_id FROM customers GROUP BY email HAVING COUNT(*) > 1',
      'SELECT lower(email), COUNT(*), MIN(id) FROM customers GROUP BY lower(email) HAVING COUNT(*) > 1',
    ],
    right: ['SELECT LOWER(TRIM(email)) AS e, COUNT(*) AS n, MIN(id) FROM customers GROUP BY 1 HAVING n >= 2'],
  },
  'sql-index-events': {
    minRows: 3,
    wrong: [
      // Right rows, wrong order: partial credit at most.
      `SELECT id, product_id, occurred_at FROM events
       WHERE customer_id = 137 AND type = 'add_to_cart' AND occurred_at >= '2025-03-01' AND occurred_at < '2025-04-01'
       ORDER BY occurred_at`,
      // Text comparison: BETWEEN ... '2025-03-31' misses the evening of 31 March.
      `SELECT id, product_id, occurred_at FROM events
       WHERE customer_id = 137 AND type = 'add_to_cart' AND occurred_at BETWEEN '2025-03-01' AND '2025-03-31'
       ORDER BY occurred_at DESC`,
      // An inclusive upper bound takes in 1 April 00:00:00.
      `SELECT id, product_id, occurred_at FROM events
       WHERE customer_id = 137 AND type = 'add_to_cart' AND occurred_at >= '2025-03-01' AND occurred_at <= '2025-04-01 00:00:00'
       ORDER BY occurred_at DESC`,
    ],
    right: [
      `SELECT id, product_id, occurred_at FROM events
       WHERE type = 'add_to_cart' AND customer_id = 137 AND occurred_at BETWEEN '2025-03-01' AND '2025-03-31 23:59:59'
       ORDER BY occurred_at DESC, id DESC`,
    ],
    // Right rows in the right order, but the plan cannot use the index: the plan check must bite.
    wrongPlan: [
      `SELECT id, product_id, occurred_at FROM events
       WHERE customer_id + 0 = 137 AND type = 'add_to_cart' AND occurred_at >= '2025-03-01' AND occurred_at < '2025-04-01'
       ORDER BY occurred_at DESC`,
      `SELECT id, product_id, occurred_at FROM events NOT INDEXED
       WHERE customer_id = 137 AND type = 'add_to_cart' AND occurred_at >= '2025-03-01' AND occurred_at < '2025-04-01'
       ORDER BY occurred_at DESC`,
    ],
  },
  'sql-never-seen-products': {
    minRows: 3,
    wrong: [
      // NOT IN over a column with NULLs is never true: no rows.
      'SELECT id, sku FROM products WHERE id NOT IN (SELECT product_id FROM events)',
      // Only product views: lists products that were added to carts without a view event.
      "SELECT p.id, p.sku FROM products p WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.product_id = p.id AND e.type = 'product_view')",
    ],
    right: [
      'SELECT id, sku FROM products WHERE id NOT IN (SELECT product_id FROM events WHERE product_id IS NOT NULL)',
      'SELECT p.id, p.sku FROM products p LEFT JOIN events e ON e.product_id = p.id WHERE e.id IS NULL',
    ],
  },
  'p-sql-lapsed': {
    minRows: 10,
    wrong: [
      // The date filter in WHERE turns the LEFT JOIN into an inner join: nobody is left.
      `SELECT c.id, c.email FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
       WHERE c.created_at < '2025-01-01' AND o.created_at >= '2025-01-01' AND o.created_at < '2026-01-01' AND o.id IS NULL`,
      // Customers with no order ever, not "none in 2025".
      "SELECT c.id, c.email FROM customers c WHERE c.created_at < '2025-01-01' AND c.id NOT IN (SELECT customer_id FROM orders)",
    ],
    right: [
      `SELECT c.id, c.email FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.created_at >= '2025-01-01' AND o.created_at < '2026-01-01'
       WHERE c.created_at < '2025-01-01' AND o.id IS NULL`,
    ],
  },
  'p-sql-customer-orders': {
    minRows: 2,
    wrong: ['SELECT id, status, created_at FROM orders WHERE customer_id = 42 ORDER BY created_at'],
    right: ['SELECT id, status, created_at FROM orders WHERE customer_id = 42 ORDER BY created_at DESC'],
    wrongPlan: ['SELECT id, status, created_at FROM orders WHERE customer_id + 0 = 42 ORDER BY created_at DESC, id DESC'],
  },
};

describe.each(PACKAGES)('%s SQL items on the committed dataset', (name) => {
  let runner: SqlRunner;
  let pkg: Awaited<ReturnType<typeof readPackage>>;
  let datasetSql: string;
  const sqlItems = (): Array<ItemOf<'sql'>> => pkg.items.filter((i): i is ItemOf<'sql'> => i.type === 'sql');

  beforeAll(async () => {
    runner = await createSqlRunner();
    pkg = await readPackage(name);
    datasetSql = await readFile(path.join(pkg.dir, 'data', 'shop.sql'), 'utf8');
  });
  afterAll(async () => {
    await runner.close();
  });

  it('has a case list for every SQL item', () => {
    const ids = sqlItems().map((i) => i.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    for (const id of ids) expect(Object.keys(SQL_CASES), id).toContain(id);
  });

  it('every SQL item keyed with a plan check has wrong-plan cases, and the other way round', () => {
    for (const item of sqlItems()) {
      const entry = keyFor(pkg.key, item) as { plan?: unknown };
      expect(entry.plan !== undefined, item.id).toBe((SQL_CASES[item.id]?.wrongPlan?.length ?? 0) > 0);
    }
  });

  it('key queries return rows; wrong answers (including the tie rule and the plan) lose points, other right ones do not', async () => {
    for (const item of sqlItems()) {
      const cases = SQL_CASES[item.id];
      if (!cases) throw new Error(`no cases for ${item.id}`);
      const entry = keyFor(pkg.key, item);
      const result = await runner.run(datasetSql, entry.query, { maxRows: SQL_MAX_ROWS });
      if (!result.ok) throw new Error(`${item.id}: key query failed: ${result.error}`);
      expect(result.rows.length, item.id).toBeGreaterThanOrEqual(cases.minRows);
      const grade = (answer: string) => gradeSql(runner, { item, key: entry, datasetSql, answer });
      expect((await grade(entry.query)).score, item.id).toBe(item.points);
      for (const wrong of [...cases.wrong, ...(cases.wrongTie ?? []), ...(cases.wrongPlan ?? [])]) {
        const g = await grade(wrong);
        expect(g.status, wrong).not.toBe('error');
        expect(g.score, `${item.id}: ${wrong}`).toBeLessThan(item.points);
      }
      for (const right of cases.right) {
        const g = await grade(right);
        expect(g.score, `${right}\n${g.feedback ?? ''}`).toBe(item.points);
      }
    }
  });
});
