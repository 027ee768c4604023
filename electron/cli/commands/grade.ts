/**
 * `vigil grade <package-dir> <answers.json>` (DESIGN 12): grades one attempt's answers with the
 * grading package and prints the graded result as JSON on stdout (exit 0). Bad arguments, an
 * invalid package (every problem listed) or a bad answers file exit 1 with the reason on stderr.
 * Coding items run the task's hidden tests against a copy of the answer's workspace (sandboxed
 * when bubblewrap works here; docs/grading.md); the workspace folder itself is only read.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { allItems, type Exam } from '../../../shared/exam/examSchema.js';
import { VigilError } from '../../../shared/errors.js';
import { createCodingGrader } from '../../core/grading/coding/codingGrader.js';
import { gradeAttempt } from '../../core/grading/gradeAttempt.js';
import { loadPackage } from '../../core/package/loadPackage.js';
import { formatProblem } from '../../core/package/types.js';
import { createSqlRunner } from '../../core/sql/sqlRunner.js';
import { parseCommandArgs } from '../args.js';

const USAGE = `usage: vigil grade <package-dir> <answers.json>
  answers.json is one JSON object mapping item ids to answers, e.g. {"q1": "b", "q2": ["a", "c"], "q3": 140};
  a coding answer is {"workspace": "<dir>"}, relative to the answers file.`;

function fail(message: string): number {
  process.stderr.write(`vigil grade: ${message}\n`);
  return 1;
}

type Answers = { ok: true; answers: Record<string, unknown> } | { ok: false; message: string };

async function readAnswers(file: string, exam: Exam): Promise<Answers> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    return { ok: false, message: `cannot read answers file ${file}: ${code === 'ENOENT' ? 'no such file' : code}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: `${file} must be a JSON object mapping item ids to answers` };
  }
  const answers = value as Record<string, unknown>;
  const ids = new Set(allItems(exam).map(({ item }) => item.id));
  const unknown = Object.keys(answers).filter((id) => !ids.has(id));
  if (unknown.length > 0) {
    return {
      ok: false,
      message: `${file}: no item ${unknown.map((id) => `"${id}"`).join(', ')} in exam "${exam.id}" (items: ${[...ids].join(', ')})`,
    };
  }
  // Workspaces are given relative to the answers file, so an answers folder can be moved as a whole.
  for (const { item } of allItems(exam)) {
    const answer = answers[item.id];
    if (item.type === 'coding' && typeof answer === 'object' && answer !== null && 'workspace' in answer && typeof answer.workspace === 'string') {
      answers[item.id] = { ...answer, workspace: path.resolve(path.dirname(file), answer.workspace) };
    }
  }
  return { ok: true, answers };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs('grade', argv, { help: { type: 'boolean', short: 'h' } }, true);
  if (!args.ok) return fail(`${args.message.replace(/^vigil grade: /, '')}\n${USAGE}`);
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [dir, answersFile, ...extra] = args.positionals;
  if (dir === undefined || answersFile === undefined) return fail(`missing ${dir === undefined ? '<package-dir>' : '<answers.json>'}\n${USAGE}`);
  if (extra.length > 0) return fail(`unexpected argument "${extra[0]}"\n${USAGE}`);

  const loaded = await loadPackage(dir);
  if (!loaded.ok) {
    const lines = loaded.problems.map((p) => `  ${formatProblem(p)}`).join('\n');
    return fail(`${dir} is not a valid exam package (${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}):\n${lines}`);
  }
  const { pkg } = loaded;
  if (!pkg.key) return fail(`${dir}: this package has no key.json: grade with the grading package`);

  const answers = await readAnswers(answersFile, pkg.exam);
  if (!answers.ok) return fail(answers.message);

  const sql = await createSqlRunner();
  try {
    const coding = createCodingGrader({ pkgDir: pkg.dir, sandbox: 'auto' });
    const result = await gradeAttempt(pkg, answers.answers, { sql, coding });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof VigilError) return fail(error.message);
    throw error;
  } finally {
    await sql.close();
  }
}
