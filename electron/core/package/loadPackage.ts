import { stat } from 'node:fs/promises';
import path from 'node:path';
import { examSchema } from '../../../shared/exam/examSchema.js';
import { VigilError } from '../../../shared/errors.js';
import { checkExamRules } from './examRules.js';
import { viewExam } from './examView.js';
import { checkKey } from './keyRules.js';
import { scanPackageTree } from './packageTree.js';
import { problem, quote, zodProblems } from './problems.js';
import { readJsonFile } from './readJsonFile.js';
import { checkReferences } from './references.js';
import { formatProblem, type ExamPackage, type LoadResult, type PackageProblem } from './types.js';

/**
 * Loads and validates an exam package (DESIGN 4). A bad package is never an exception: the result
 * lists every problem found, in one run, as `file: json.path: reason`. Only bugs throw.
 *
 * Rules beyond the zod schemas, with the choices DESIGN leaves open:
 * - exam.json: unique item, section and skill ids; item skills declared; sql datasets, coding task
 *   folders (with starter/) and content/ files linked from markdown exist inside the package.
 * - Links: every symbolic link resolves inside the package; key.json, tasks/<t>, hidden/ and
 *   solution/ are real files and folders (pack drops grading material by name); nothing outside
 *   grading material links into it (it would dangle in the delivery package).
 * - key.json is optional (a delivery package has none). When present: format, matching examId
 *   and examVersion, one entry per item (every type, essays included) validated by the item's
 *   type, option ids that exist, /regex/flags that compile (g and y refused: stateful), plain
 *   accepted texts that fit the item's maxLength.
 * - Essay: the rubric's points must add up to the item's points, or the package is refused
 *   (a person grades against the rubric, so a mismatch would skew every score).
 * - Coding: a key command that mentions `hidden` needs tasks/<t>/hidden/ (grading copies it in as
 *   hidden/); a command that does not may come without hidden tests. Missing is a problem, not a
 *   warning: lint has no warnings, so the author cannot miss it.
 * Checks run on a forgiving view of the raw JSON, so one invalid field does not hide the others.
 */
export async function loadPackage(dir: string): Promise<LoadResult> {
  const abs = path.resolve(dir);
  const folder = await packageFolderProblem(abs);
  if (folder) return { ok: false, problems: [folder] };

  const tree = await scanPackageTree(abs);
  const [examFile, keyFile] = await Promise.all([readJsonFile(tree.root, 'exam.json'), readJsonFile(tree.root, 'key.json')]);
  const problems: PackageProblem[] = [];

  let rawExam: unknown = null;
  if (examFile.kind === 'missing') problems.push(problem('exam.json', '', 'missing: a package needs exam.json at its root'));
  else if (examFile.kind === 'invalid') problems.push(examFile.problem);
  else rawExam = examFile.value;

  const parsedExam = examFile.kind === 'ok' ? examSchema.safeParse(rawExam) : null;
  if (parsedExam && !parsedExam.success) problems.push(...zodProblems('exam.json', parsedExam.error));
  const view = viewExam(rawExam, parsedExam?.success ? parsedExam.data : null);
  problems.push(...checkExamRules(view));
  problems.push(...(await checkReferences(tree.root, view)));

  let key: ExamPackage['key'] = null;
  if (keyFile.kind === 'invalid') problems.push(keyFile.problem);
  else if (keyFile.kind === 'ok') {
    const dirs = new Set(tree.entries.filter((e) => e.kind === 'dir').map((e) => e.path));
    const checked = checkKey(keyFile.value, view, dirs);
    problems.push(...checked.problems);
    key = checked.key;
  }
  problems.push(...tree.problems);

  if (problems.length > 0) return { ok: false, problems };
  // Unreachable: an exam that failed its schema left problems above. Kept for the type narrowing.
  if (!view.exam) throw new Error('loadPackage: exam missing without a problem');
  return {
    ok: true,
    pkg: { dir: abs, exam: view.exam, key, hasGradingMaterial: tree.gradingMaterial.length > 0, gradingMaterial: tree.gradingMaterial },
  };
}

/** Why `abs` cannot be a package folder (missing, not a folder, unreadable), or null. */
export async function packageFolderProblem(abs: string): Promise<PackageProblem | null> {
  try {
    const st = await stat(abs);
    return st.isDirectory() ? null : problem('.', '', `${quote(abs)} is not a folder`);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : null;
    if (code === null) throw error;
    return problem('.', '', code === 'ENOENT' ? `package folder ${quote(abs)} does not exist` : `cannot open package folder ${quote(abs)} (${code})`);
  }
}

/** The error a service throws for a package that breaks rules; details is the problem list. */
export function packageInvalid(problems: PackageProblem[], message = 'the exam package is invalid'): VigilError {
  return new VigilError('package-invalid', `${message}:\n${problems.map(formatProblem).join('\n')}`, problems);
}

/** loadPackage for callers that cannot go on without a valid package (host start, grading). */
export async function loadPackageOrThrow(dir: string): Promise<ExamPackage> {
  const result = await loadPackage(dir);
  if (!result.ok) throw packageInvalid(result.problems);
  return result.pkg;
}
