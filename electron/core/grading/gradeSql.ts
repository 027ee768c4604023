import type { ItemOf } from '../../../shared/exam/examSchema.js';
import type { KeyEntryFor } from '../../../shared/exam/keySchema.js';
import { parseAnswer } from '../../../shared/grading/answerSchema.js';
import { errorGrade, gradeByFraction, incorrectGrade, unansweredGrade } from '../../../shared/grading/grades.js';
import type { ItemGrade } from '../../../shared/grading/resultSchema.js';
import { SQL_DEFAULT_TIMEOUT_MS, SQL_MAX_ROWS, type SqlRunner } from '../sql/sqlRunner.js';
import { compareResultSets } from './compareResultSets.js';

export interface SqlGradeInput {
  item: ItemOf<'sql'>;
  key: KeyEntryFor<'sql'>;
  /** The text of the item's dataset file. */
  datasetSql: string;
  answer: unknown;
  /** Per query; the candidate's and the key's each get this long (default SQL_DEFAULT_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * Runs the key's query and the candidate's, each on a fresh copy of the dataset, and compares the
 * result sets (compareResultSets). The three error levels of DESIGN 7: the candidate's SQL error,
 * refusal or timeout scores 0 with the message as feedback; a failing dataset or key query is a
 * question error (`error`, scores nobody); a failing runner rejects (system error, retried).
 */
export async function gradeSql(runner: SqlRunner, input: SqlGradeInput): Promise<ItemGrade> {
  const { item, key, datasetSql } = input;
  const parsed = parseAnswer('sql', input.answer);
  if (parsed.kind === 'unanswered') return unansweredGrade(item.points);
  if (parsed.kind === 'invalid') return incorrectGrade(item.points, parsed.feedback);

  const opts = { maxRows: SQL_MAX_ROWS, timeoutMs: input.timeoutMs ?? SQL_DEFAULT_TIMEOUT_MS, plan: key.plan !== undefined };
  const expected = await runner.run(datasetSql, key.query, opts);
  if (!expected.ok) {
    const what = expected.kind === 'dataset' ? `the dataset ${item.dataset} failed to load` : 'the key query failed';
    return errorGrade(item.points, `${what}: ${expected.error}`);
  }
  if (expected.truncated) return errorGrade(item.points, `the key query returns more than ${SQL_MAX_ROWS} rows`);

  const actual = await runner.run(datasetSql, parsed.value, opts);
  if (!actual.ok) {
    if (actual.kind === 'dataset') return errorGrade(item.points, `the dataset ${item.dataset} failed to load: ${actual.error}`);
    return incorrectGrade(item.points, actual.error);
  }
  if (actual.truncated) return incorrectGrade(item.points, `the query returns more than ${SQL_MAX_ROWS} rows`);

  if (key.plan) {
    const keyPlan = checkPlan(key.plan, expected.plan ?? []);
    if (!keyPlan.ok) return errorGrade(item.points, `the key query does not pass its own plan check: ${keyPlan.feedback}`);
  }
  const comparison = compareResultSets(expected, actual, key.ordered ?? false);
  if (!key.plan) return gradeByFraction(item.points, comparison.fraction, comparison.feedback);
  const plan = checkPlan(key.plan, actual.plan ?? []);
  const feedback = [comparison.feedback, plan.ok ? undefined : plan.feedback].filter((f) => f).join('\n') || undefined;
  return gradeByFraction(item.points, comparison.fraction * (plan.ok ? 1 : PLAN_MISS_FACTOR), feedback);
}

/**
 * The partial-credit rule of plan checks (DESIGN 13): a query whose plan misses the check keeps
 * half of what its rows earn. Right rows with the wrong plan are worth half the points; wrong rows
 * cannot be rescued by a good plan.
 */
export const PLAN_MISS_FACTOR = 0.5;

export type PlanCheck = { ok: true } | { ok: false; feedback: string };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Checks EXPLAIN QUERY PLAN detail lines against a key's `plan` (uses: indexes, forbids: plan steps). */
export function checkPlan(check: NonNullable<KeyEntryFor<'sql'>['plan']>, plan: readonly string[]): PlanCheck {
  const problems: string[] = [];
  for (const index of check.uses ?? []) {
    const uses = new RegExp(`\\bUSING (?:COVERING )?INDEX ${escapeRegExp(index)}(?:\\s|$)`);
    if (!plan.some((line) => uses.test(line))) problems.push(`the query plan does not use the index ${index}`);
  }
  for (const step of check.forbids ?? []) {
    const forbidden = new RegExp(`^${escapeRegExp(step)}(?:\\s|$)`);
    if (plan.some((line) => forbidden.test(line.trim()))) problems.push(`the query plan contains "${step}"`);
  }
  if (problems.length === 0) return { ok: true };
  return { ok: false, feedback: `${problems.join('; ')} (plan: ${plan.join(' | ') || 'empty'})` };
}
