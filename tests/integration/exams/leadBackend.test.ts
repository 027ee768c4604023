/**
 * The flagship package resources/exams/lead-backend: it loads, it follows the coverage
 * rules, and its SQL keys run on the committed dataset and tell right answers from common wrong
 * ones. The coding tasks have their own file (leadBackendTasks.test.ts).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allItems, type Exam, type Item, type ItemOf } from '../../../shared/exam/examSchema.js';
import { keyEntrySchemas, type Key, type KeyEntryFor } from '../../../shared/exam/keySchema.js';
import { skillIds } from '../../../shared/exam/skillShares.js';
import { gradeSql } from '../../../electron/core/grading/gradeSql.js';
import { loadPackage } from '../../../electron/core/package/loadPackage.js';
import { formatProblem } from '../../../electron/core/package/types.js';
import { createSqlRunner, SQL_MAX_ROWS, type SqlRunner } from '../../../electron/core/sql/sqlRunner.js';
import { examsDir, hasRawHtml, readExamFiles } from './examFiles.js';

const PKG = path.join(examsDir, 'lead-backend');

const SKILL_TITLES = [
  'Architecture Design',
  'Coding and Implementation',
  'Technical Mentoring',
  'Performance Optimization (profiling, caching, load balancing)',
  'Database Management (SQL and NoSQL, transactions, optimisation, security)',
  'API Development (REST, versioning, documentation)',
  'Error Handling and Fault Tolerance',
  'Security Practices (authentication and authorisation, encryption, privacy)',
  'Collaboration',
  'Infrastructure and Containers (IaaS)',
  'CI/CD',
  'Technical Documentation',
];

let exam: Exam;
let key: Key;
let items: Item[];

beforeAll(async () => {
  ({ exam, key } = await readExamFiles(PKG));
  items = allItems(exam).map(({ item }) => item);
});

function ofType<T extends Item['type']>(type: T): Array<ItemOf<T>> {
  return items.filter((i): i is ItemOf<T> => i.type === type);
}

function keyFor<T extends Item['type']>(item: ItemOf<T>): KeyEntryFor<T> {
  const schema = keyEntrySchemas[item.type] as unknown as { parse: (v: unknown) => KeyEntryFor<T> };
  return schema.parse(key.items[item.id]);
}

describe('lead-backend package validity', () => {
  it('loads through the package loader without a single problem', async () => {
    const result = await loadPackage(PKG);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    if (!result.ok) return;
    expect(result.pkg.key).not.toBeNull();
    expect(result.pkg.hasGradingMaterial).toBe(true);
  });

  it('has exactly one key entry per item, each valid for its item type', () => {
    expect(Object.keys(key.items).sort()).toEqual(items.map((i) => i.id).sort());
    for (const item of items) {
      const parsed = keyEntrySchemas[item.type].safeParse(key.items[item.id]);
      expect(parsed.success, `${item.id}: ${parsed.error?.message ?? ''}`).toBe(true);
    }
    expect(key.examId).toBe(exam.id);
    expect(key.examVersion).toBe(exam.version);
  });

  it('uses markdown without raw HTML in every prompt and option', () => {
    expect(hasRawHtml('a <b>bold</b> claim')).toBe(true);
    const offenders = items.flatMap((i) => [
      ...(hasRawHtml(i.prompt) ? [i.id] : []),
      ...('options' in i ? i.options.filter((o) => hasRawHtml(o.text)).map((o) => `${i.id}/${o.id}`) : []),
    ]);
    expect(offenders).toEqual([]);
    expect(hasRawHtml(exam.instructions)).toBe(false);
  });
});

describe('lead-backend coverage rules', () => {
  it('is a proctored 120-minute exam on an active clock with at least 30 items', () => {
    expect(exam.title).toBe('Lead Back-End Engineer');
    expect(exam.mode).toBe('proctored');
    expect(exam.timing.durationMinutes).toBe(120);
    expect(exam.timing.clock).toBe('active');
    expect(items.length).toBeGreaterThanOrEqual(30);
  });

  it('has the 12 skills with their exact titles, each on at least 2 items and 5% of the points', () => {
    expect(exam.skills.map((s) => s.title).sort()).toEqual([...SKILL_TITLES].sort());
    const total = items.reduce((sum, i) => sum + i.points, 0);
    for (const skill of exam.skills) {
      const tagged = items.filter((i) => skillIds(i.skills).includes(skill.id));
      const points = tagged.reduce((sum, i) => sum + i.points, 0);
      expect(tagged.length, skill.title).toBeGreaterThanOrEqual(2);
      expect(points / total, skill.title).toBeGreaterThanOrEqual(0.05);
    }
    expect(items.every((i) => skillIds(i.skills).length > 0)).toBe(true);
  });

  it('gives every choice item distractors and a key with an explanation', () => {
    const single = ofType('single-choice');
    const multiple = ofType('multiple-choice');
    expect(single.length + multiple.length).toBeGreaterThanOrEqual(15);
    for (const item of single) {
      const entry = keyFor(item);
      expect(entry.explanation?.trim(), item.id).toBeTruthy();
      expect(item.options.length, item.id).toBeGreaterThanOrEqual(4);
    }
    for (const item of multiple) {
      const entry = keyFor(item);
      expect(entry.explanation?.trim(), item.id).toBeTruthy();
      expect(item.options.length - entry.answers.length, `${item.id} wrong options`).toBeGreaterThanOrEqual(2);
    }
    // No position is the answer to most single-choice items.
    const positions = single.map((i) => keyFor(i).answer);
    const mostCommon = Math.max(...['a', 'b', 'c', 'd'].map((p) => positions.filter((x) => x === p).length));
    expect(mostCommon / single.length).toBeLessThanOrEqual(0.4);
  });

  it('has short-text and numeric items', () => {
    expect(ofType('short-text').length).toBeGreaterThanOrEqual(2);
    expect(ofType('numeric').length).toBeGreaterThanOrEqual(3);
  });

  it('has a system-design essay and a code-review essay (with a diff), rubrics adding up to the points', () => {
    const essays = ofType('essay');
    expect(essays.length).toBeGreaterThanOrEqual(2);
    for (const essay of essays) {
      const rubric = keyFor(essay).rubric;
      expect(rubric.reduce((sum, c) => sum + c.points, 0), essay.id).toBe(essay.points);
    }
    expect(essays.some((e) => /design/i.test(e.prompt) && /constraints/i.test(e.prompt))).toBe(true);
    expect(essays.some((e) => /^```diff\n[\s\S]*\n```$/m.test(e.prompt) && /review/i.test(e.prompt))).toBe(true);
  });

  it('has at least 4 SQL items on data/shop.sql, kept under 400 KB', async () => {
    const sqlItems = ofType('sql');
    expect(sqlItems.length).toBeGreaterThanOrEqual(4);
    expect(new Set(sqlItems.map((i) => i.dataset))).toEqual(new Set(['data/shop.sql']));
    const size = (await stat(path.join(PKG, 'data', 'shop.sql'))).size;
    expect(size).toBeLessThan(400 * 1024);
    expect(size).toBeGreaterThan(100 * 1024);
  });

  it('has the three coding tasks, graded by TAP from hidden tests with visible tests to run', async () => {
    const coding = ofType('coding');
    expect(coding.map((i) => i.task).sort()).toEqual(['tasks/data-access', 'tasks/orders-api', 'tasks/resilience']);
    for (const item of coding) {
      const entry = keyFor(item);
      expect(entry).toMatchObject({ command: 'node --test --test-reporter=tap hidden/', report: 'tap' });
      expect(item.testCommand).toBe('node --test');
      const taskDir = path.join(PKG, item.task);
      const starter = await listFiles(path.join(taskDir, 'starter'));
      const solution = await listFiles(path.join(taskDir, 'solution'));
      const hidden = await listFiles(path.join(taskDir, 'hidden'));
      expect(starter.some((f) => f.endsWith('.test.js')), `${item.task} visible tests`).toBe(true);
      // The solution replaces starter files; it does not add new ones the candidate never saw.
      expect(solution.filter((f) => !starter.includes(f)), `${item.task} solution`).toEqual([]);
      expect(hidden.length, `${item.task} hidden`).toBeGreaterThan(0);
      for (const file of hidden) {
        const text = await readFile(path.join(taskDir, 'hidden', file), 'utf8');
        expect(text, `${item.task}/hidden/${file} imports the candidate's code`).toMatch(/from '\.\.\/[\w.-]+\.js'/);
        expect(text).not.toMatch(/from 'node:(?!test|assert)/);
      }
    }
  });
});

/** Common wrong answers (each must lose points) and other right ones (full marks). */
const SQL_CASES: Record<string, { wrong: string[]; right: string[]; minRows: number }> = {
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
       WHERE type = 'add_to_cart' AND customer_id = 137 AND strftime('%Y-%m', occurred_at) = '2025-03'
       ORDER BY occurred_at DESC, id DESC`,
    ],
  },
};

describe('lead-backend SQL items on the committed dataset', () => {
  let runner: SqlRunner;
  let datasetSql: string;

  beforeAll(async () => {
    runner = await createSqlRunner();
    datasetSql = await readFile(path.join(PKG, 'data', 'shop.sql'), 'utf8');
  });
  afterAll(async () => {
    await runner.close();
  });

  it('has a case list for every SQL item', () => {
    expect(Object.keys(SQL_CASES).sort()).toEqual(ofType('sql').map((i) => i.id).sort());
  });

  it.each(Object.entries(SQL_CASES))('%s: the key query returns rows; wrong answers lose points, other right ones do not', async (id, cases) => {
    const item = ofType('sql').find((i) => i.id === id);
    if (!item) throw new Error(`no sql item ${id}`);
    const entry = keyFor(item);
    const result = await runner.run(datasetSql, entry.query, { maxRows: SQL_MAX_ROWS });
    if (!result.ok) throw new Error(`${id}: key query failed: ${result.error}`);
    expect(result.rows.length).toBeGreaterThanOrEqual(cases.minRows);

    const grade = (answer: string) => gradeSql(runner, { item, key: entry, datasetSql, answer });
    expect((await grade(entry.query)).score).toBe(item.points);
    for (const wrong of cases.wrong) {
      const g = await grade(wrong);
      expect(g.status, wrong).not.toBe('error');
      expect(g.score, wrong).toBeLessThan(item.points);
    }
    for (const right of cases.right) {
      const g = await grade(right);
      expect(g.score, `${right}\n${g.feedback ?? ''}`).toBe(item.points);
    }
  });

  it('plants what the prompts promise: duplicate sign-ups and customer 137 March events at the month edges', async () => {
    const dupes = await runner.run(datasetSql, "SELECT COUNT(*) FROM customers WHERE email <> lower(trim(email))");
    if (!dupes.ok) throw new Error(dupes.error);
    expect(Number(dupes.rows[0]?.[0])).toBeGreaterThan(3);
    const edges = await runner.run(
      datasetSql,
      "SELECT occurred_at FROM events WHERE customer_id = 137 AND type = 'add_to_cart' AND occurred_at IN ('2025-03-31 23:59:59', '2025-04-01 00:00:00', '2025-02-28 23:59:58')",
    );
    if (!edges.ok) throw new Error(edges.error);
    expect(edges.rows).toHaveLength(3);
  });
});

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}
