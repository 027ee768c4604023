import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { allItems, type ItemOf } from '../../../shared/exam/examSchema.js';
import type { KeyEntryFor } from '../../../shared/exam/keySchema.js';
import { VigilError } from '../../../shared/errors.js';
import { parseAnswer } from '../../../shared/grading/answerSchema.js';
import { gradeObjective, isObjectiveItem } from '../../../shared/grading/gradeObjective.js';
import { errorGrade, incorrectGrade, unansweredGrade, withExplanation } from '../../../shared/grading/grades.js';
import { checkKeyEntry } from '../../../shared/grading/keyEntry.js';
import type { GradedResult, ItemGrade } from '../../../shared/grading/resultSchema.js';
import { scoreExam } from '../../../shared/grading/scoreExam.js';
import { formProblem, type Form } from '../../../shared/exam/form.js';
import type { ExamPackage } from '../package/types.js';
import type { SqlRunner } from '../sql/sqlRunner.js';
import { gradeSql } from './gradeSql.js';

/** Grades a coding item (DESIGN 7); plugged in by the coding-task runner. */
export type CodingGrader = (item: ItemOf<'coding'>, key: KeyEntryFor<'coding'>, answer: unknown) => Promise<ItemGrade>;

export interface GradeDeps {
  sql: SqlRunner;
  coding?: CodingGrader;
  /** Per SQL query (default SQL_DEFAULT_TIMEOUT_MS). */
  sqlTimeoutMs?: number;
}

export const CODING_UNAVAILABLE = 'coding items need the coding-task grader, and this grading run was given none';

/**
 * Grades every item of the exam (or of the candidate's `form`, when draws gave them a subset) from
 * the grading package's key. Answers for ids the exam does not
 * have are ignored (callers that read answers from a user, like `vigil grade`, reject them first).
 * Candidate and question errors become item grades; a system error (the SQL runner or coding
 * grader failing) rejects, so the caller can retry the whole attempt.
 */
export async function gradeAttempt(pkg: ExamPackage, answers: Record<string, unknown>, deps: GradeDeps, form?: Form): Promise<GradedResult> {
  const key = pkg.key;
  if (!key) throw new VigilError('package-invalid', 'this package has no key.json: grade with the grading package');
  // A form comes from the candidate's machine: it must fit the exam before it decides what counts.
  const problem = form ? formProblem(pkg.exam, form) : null;
  if (problem) throw new VigilError('invalid-params', `the result's form does not fit exam ${pkg.exam.id}: ${problem}`);
  const inForm = form ? new Set(form.items) : undefined;

  const datasets = new Map<string, Promise<DatasetText>>();
  const readDataset = (file: string): Promise<DatasetText> => {
    let pending = datasets.get(file);
    if (!pending) {
      pending = readFile(path.join(pkg.dir, file), 'utf8').then(
        (text) => ({ ok: true, text }),
        (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
      datasets.set(file, pending);
    }
    return pending;
  };

  const grades: Record<string, ItemGrade> = {};
  for (const { item } of allItems(pkg.exam)) {
    if (inForm && !inForm.has(item.id)) continue;
    const entry = key.items[item.id];
    const answer = Object.hasOwn(answers, item.id) ? answers[item.id] : undefined;
    if (isObjectiveItem(item)) grades[item.id] = gradeObjective(item, entry, answer);
    else if (item.type === 'sql') grades[item.id] = await gradeSqlItem(item, entry, answer, readDataset, deps);
    else grades[item.id] = await gradeCodingItem(item, entry, answer, deps);
  }
  return scoreExam(pkg.exam, grades, inForm);
}

type DatasetText = { ok: true; text: string } | { ok: false; error: string };

async function gradeSqlItem(
  item: ItemOf<'sql'>,
  entry: unknown,
  answer: unknown,
  readDataset: (file: string) => Promise<DatasetText>,
  deps: GradeDeps,
): Promise<ItemGrade> {
  const k = checkKeyEntry('sql', entry);
  if (!k.ok) return errorGrade(item.points, k.feedback);
  const dataset = await readDataset(item.dataset);
  const grade = dataset.ok
    ? await gradeSql(deps.sql, { item, key: k.key, datasetSql: dataset.text, answer, timeoutMs: deps.sqlTimeoutMs })
    : errorGrade(item.points, `cannot read the dataset ${item.dataset}: ${dataset.error}`);
  return withExplanation(grade, k.key);
}

async function gradeCodingItem(item: ItemOf<'coding'>, entry: unknown, answer: unknown, deps: GradeDeps): Promise<ItemGrade> {
  const k = checkKeyEntry('coding', entry);
  if (!k.ok) return errorGrade(item.points, k.feedback);
  const parsed = parseAnswer('coding', answer);
  let grade: ItemGrade;
  if (parsed.kind === 'unanswered') grade = unansweredGrade(item.points);
  else if (parsed.kind === 'invalid') grade = incorrectGrade(item.points, parsed.feedback);
  else if (!deps.coding) grade = errorGrade(item.points, CODING_UNAVAILABLE);
  else grade = await deps.coding(item, k.key, parsed.value);
  return withExplanation(grade, k.key);
}
