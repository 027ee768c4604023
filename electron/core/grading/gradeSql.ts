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

  const opts = { maxRows: SQL_MAX_ROWS, timeoutMs: input.timeoutMs ?? SQL_DEFAULT_TIMEOUT_MS };
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

  const comparison = compareResultSets(expected, actual, key.ordered ?? false);
  return gradeByFraction(item.points, comparison.fraction, comparison.feedback);
}
