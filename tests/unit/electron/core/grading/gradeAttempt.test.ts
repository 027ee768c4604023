import { mkdtemp, rm, cp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examSchema } from '../../../../../shared/exam/examSchema.js';
import { keyEntrySchemas, keySchema, type KeyEntry } from '../../../../../shared/exam/keySchema.js';
import { VigilError } from '../../../../../shared/errors.js';
import { gradedResultSchema } from '../../../../../shared/grading/resultSchema.js';
import { applyRubricGrades } from '../../../../../shared/grading/rubric.js';
import { withItemGrade } from '../../../../../shared/grading/scoreExam.js';
import { CODING_UNAVAILABLE, gradeAttempt } from '../../../../../electron/core/grading/gradeAttempt.js';
import type { ExamPackage } from '../../../../../electron/core/package/types.js';
import { createSqlRunner, type SqlRunner } from '../../../../../electron/core/sql/sqlRunner.js';

const demoDir = path.resolve(import.meta.dirname, '../../../../../resources/exams/demo');

/** The demo package built straight from its files with the schemas (no loader involved). */
function demoPackage(dir = demoDir): ExamPackage {
  const exam = examSchema.parse(JSON.parse(readFileSync(path.join(demoDir, 'exam.json'), 'utf8')));
  const rawKey = keySchema.parse(JSON.parse(readFileSync(path.join(demoDir, 'key.json'), 'utf8')));
  const items: Record<string, KeyEntry> = {};
  for (const section of exam.sections) {
    for (const item of section.items) items[item.id] = keyEntrySchemas[item.type].parse(rawKey.items[item.id]);
  }
  return { dir, exam, key: { ...rawKey, items }, hasGradingMaterial: true };
}

/** The key's own answers: what a perfect candidate would submit. */
const perfect = {
  'http-status': 'b',
  'idempotent-methods': ['get', 'put', 'delete'],
  'cache-header': 'ETag',
  'latency-budget': 140,
  'top-customers': 'SELECT customer_id, COUNT(*) AS order_count FROM orders GROUP BY customer_id HAVING COUNT(*) >= 2',
  'sum-function': { workspace: '/tmp/ws' },
  'explain-index': 'An index costs writes and storage, and on a tiny or unselective column a scan is just as fast.',
};

let sql: SqlRunner;
beforeAll(async () => {
  sql = await createSqlRunner();
});
afterAll(async () => {
  await sql.close();
});

describe('gradeAttempt on the demo exam', () => {
  it("gives the key's own answers full objective marks", async () => {
    const pkg = demoPackage();
    const result = gradedResultSchema.parse(await gradeAttempt(pkg, perfect, { sql }));
    for (const id of ['http-status', 'idempotent-methods', 'cache-header', 'latency-budget', 'top-customers']) {
      expect(result.items[id]).toMatchObject({ status: 'correct', score: result.items[id]?.max });
    }
    expect(result.items['sum-function']).toMatchObject({ score: 0, max: 2, status: 'error', feedback: CODING_UNAVAILABLE });
    expect(result.items['explain-index']).toMatchObject({ status: 'pending-manual', score: 0, max: 2 });
    expect(result.pendingManual).toEqual(['explain-index']);
    expect(result).toMatchObject({ examId: 'demo', score: 7, maxScore: 11 });
    expect(result.skills).toEqual({
      api: { score: 3.5, max: 3.5, title: 'API Development' },
      databases: { score: 2, max: 4, title: 'Database Management' },
      coding: { score: 0, max: 2, title: 'Coding and Implementation' },
      performance: { score: 1.5, max: 1.5, title: 'Performance Optimization' },
    });
    expect(result.items['http-status']?.explanation).toMatch(/400/);

    // A person grades the essay: the totals follow.
    const essay = pkg.exam.sections[1]?.items.find((i) => i.id === 'explain-index');
    const essayKey = pkg.key?.items['explain-index'];
    if (essay?.type !== 'essay' || !essayKey || !('rubric' in essayKey)) throw new Error('demo essay missing');
    const graded = withItemGrade(pkg.exam, result, 'explain-index', applyRubricGrades(essay, essayKey, ['write-cost', 'selectivity']));
    expect(graded).toMatchObject({ score: 9, pendingManual: [] });
    expect(graded.skills.databases).toEqual({ score: 4, max: 4, title: 'Database Management' });
  });

  it('an empty attempt is unanswered everywhere', async () => {
    const result = await gradeAttempt(demoPackage(), {}, { sql });
    expect(Object.values(result.items).every((g) => g.status === 'unanswered' && g.score === 0)).toBe(true);
    expect(result).toMatchObject({ score: 0, maxScore: 11, pendingManual: [] });
  });

  it('uses the coding grader when one is plugged in', async () => {
    const seen: unknown[] = [];
    const result = await gradeAttempt(demoPackage(), perfect, {
      sql,
      coding: async (item, key, answer) => {
        seen.push([item.id, key.report, answer]);
        return { score: 1, max: item.points, status: 'partial', feedback: '1 of 2 hidden tests passed' };
      },
    });
    expect(seen).toEqual([['sum-function', 'tap', { workspace: '/tmp/ws' }]]);
    expect(result.items['sum-function']).toMatchObject({ score: 1, status: 'partial' });
    expect(result.skills.coding).toMatchObject({ score: 1, max: 2 });
  });

  it('a failing coding grader is a system error: the attempt is not graded', async () => {
    const attempt = gradeAttempt(demoPackage(), perfect, { sql, coding: () => Promise.reject(new Error('sandbox down')) });
    await expect(attempt).rejects.toThrow('sandbox down');
  });

  it('refuses a delivery package (no key.json)', async () => {
    const pkg = { ...demoPackage(), key: null, hasGradingMaterial: false };
    const attempt = gradeAttempt(pkg, perfect, { sql });
    await expect(attempt).rejects.toBeInstanceOf(VigilError);
    await expect(attempt).rejects.toMatchObject({ code: 'package-invalid', message: 'this package has no key.json: grade with the grading package' });
  });

  it('a dataset file that cannot be read is a question error for that item only', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-grade-'));
    try {
      await cp(demoDir, dir, { recursive: true });
      await rm(path.join(dir, 'data/shop.sql'));
      const result = await gradeAttempt(demoPackage(dir), perfect, { sql });
      expect(result.items['top-customers']).toMatchObject({ status: 'error', score: 0, feedback: expect.stringMatching(/cannot read the dataset data\/shop.sql/) });
      expect(result.items['http-status']?.status).toBe('correct');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('wrong answer shapes are incorrect with feedback, never a crash', async () => {
    const result = await gradeAttempt(demoPackage(), { 'latency-budget': '140', 'top-customers': 42, 'sum-function': 'ws', 'idempotent-methods': 'get' }, { sql });
    for (const id of ['latency-budget', 'top-customers', 'sum-function', 'idempotent-methods']) {
      expect(result.items[id]).toMatchObject({ status: 'incorrect', score: 0, feedback: expect.stringMatching(/^invalid answer/) });
    }
  });
});
