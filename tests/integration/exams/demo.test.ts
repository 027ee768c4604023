/**
 * The demo package (`npm start`, and many tests' fixture): a practice exam that shows one item of
 * every type, whose key, SQL and coding task actually work.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allItems, ITEM_TYPES, type Exam, type Item } from '../../../shared/exam/examSchema.js';
import { codingKey, keyEntrySchemas, sqlKey, type Key } from '../../../shared/exam/keySchema.js';
import { loadPackage } from '../../../electron/core/package/loadPackage.js';
import { formatProblem } from '../../../electron/core/package/types.js';
import { createSqlRunner, type SqlRunner } from '../../../electron/core/sql/sqlRunner.js';
import { examsDir, hasRawHtml, readExamFiles } from './examFiles.js';
import { prepareWorkspace, runCommand, tapSummary } from './taskHarness.js';

const PKG = path.join(examsDir, 'demo');
/** Other code and tests refer to these ids. */
const STABLE_IDS = ['http-status', 'idempotent-methods', 'cache-header', 'latency-budget', 'top-customers', 'sum-function', 'explain-index'];

let exam: Exam;
let key: Key;
let items: Item[];

beforeAll(async () => {
  ({ exam, key } = await readExamFiles(PKG));
  items = allItems(exam).map(({ item }) => item);
});

function itemOfType<T extends Item['type']>(type: T): Extract<Item, { type: T }> {
  const item = items.find((i): i is Extract<Item, { type: T }> => i.type === type);
  if (!item) throw new Error(`demo has no ${type} item`);
  return item;
}

describe('demo package', () => {
  it('loads through the package loader without problems', async () => {
    const result = await loadPackage(PKG);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
  });

  it('is a 10-minute practice exam with exactly one item of every type and its stable ids', () => {
    expect(exam.mode).toBe('practice');
    expect(exam.timing.durationMinutes).toBe(10);
    expect(items.map((i) => i.type).sort()).toEqual([...ITEM_TYPES].sort());
    expect(items.map((i) => i.id).sort()).toEqual([...STABLE_IDS].sort());
    for (const item of items) {
      expect(keyEntrySchemas[item.type].safeParse(key.items[item.id]).success, item.id).toBe(true);
      expect(hasRawHtml(item.prompt), item.id).toBe(false);
    }
  });

  it('sum task: the solution passes the hidden tests, the starter fails one', async () => {
    const item = itemOfType('coding');
    const { command } = codingKey.parse(key.items[item.id]);
    const taskDir = path.join(PKG, item.task);
    for (const solution of [true, false]) {
      const ws = await prepareWorkspace(taskDir, { solution, hidden: true });
      try {
        const run = await runCommand(command, ws.dir);
        const summary = tapSummary(run.stdout);
        if (solution) {
          expect(run.exitCode, run.stdout + run.stderr).toBe(0);
          expect(summary).toMatchObject({ fail: 0, pass: summary.tests });
          expect(summary.tests).toBeGreaterThan(0);
        } else {
          expect(run.exitCode).not.toBe(0);
          expect(summary.fail).toBeGreaterThanOrEqual(1);
        }
      } finally {
        await ws.cleanup();
      }
    }
  });

  describe('SQL', () => {
    let runner: SqlRunner;
    beforeAll(async () => {
      runner = await createSqlRunner();
    });
    afterAll(async () => {
      await runner.close();
    });

    it('the key query returns rows, and a query without HAVING returns others', async () => {
      const item = itemOfType('sql');
      const datasetSql = await readFile(path.join(PKG, item.dataset), 'utf8');
      const expected = await runner.run(datasetSql, sqlKey.parse(key.items[item.id]).query);
      if (!expected.ok) throw new Error(expected.error);
      expect(expected.rows.length).toBeGreaterThan(0);
      const wrong = await runner.run(datasetSql, 'SELECT customer_id, COUNT(*) AS order_count FROM orders GROUP BY customer_id');
      if (!wrong.ok) throw new Error(wrong.error);
      expect(wrong.rows.length).not.toBe(expected.rows.length);
    });
  });
});
