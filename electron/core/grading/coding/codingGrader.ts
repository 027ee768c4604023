import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ItemOf, Language } from '../../../../shared/exam/examSchema.js';
import { forLanguage, languageRoot } from '../../../../shared/exam/languages.js';
import { codingAnswerSchema, type CodingAnswer } from '../../../../shared/grading/answerSchema.js';
import type { KeyEntryFor } from '../../../../shared/exam/keySchema.js';
import { VigilError } from '../../../../shared/errors.js';
import { errorGrade, gradeByFraction, incorrectGrade, roundScore } from '../../../../shared/grading/grades.js';
import type { ItemGrade } from '../../../../shared/grading/resultSchema.js';
import { formatBytes } from '../../workspace/archiveWorkspace.js';
import { isWithin, type SkippedEntry } from '../../workspace/workspaceArchiveRules.js';
import type { CodingGrader } from '../gradeAttempt.js';
import { describeTally, joinFeedback, outputSection, QUESTION_ERROR_PREFIX } from './codingFeedback.js';
import { addHiddenFiles, loadSubmission, makeRunDir, overlayPackageFolder, pathKind, removeTree, type Submission } from './gradingCopy.js';
import { GRADING_MAX_MEMORY_BYTES, resolveGradingSandbox, type GradingSandbox, type SandboxMode } from './gradingSandbox.js';
import { parseJunitReport } from './junitReport.js';
import { runGradingCommand, type GradingRunOutcome } from './runGradingCommand.js';
import { parseTapReport } from './tapReport.js';
import { passedIds, tallyTests, type TestReport } from './testReport.js';
import { planWeights, scoreWeighted, type WeightPlan } from './weightedTests.js';

/**
 * The coding-task grading runner (DESIGN 7), plugged into gradeAttempt as `deps.coding`.
 *
 * For each item: copy the submitted workspace into a fresh folder, add the task's hidden files
 * under `hidden/`, run the key's `command` there (sandboxed, timed, output capped: see
 * runGradingCommand), parse its report and split the points evenly over the hidden tests that pass.
 *
 * Three error levels (PrairieLearn style: a candidate's mistake is data, never a throw):
 * - **system** (the grader failed: cannot spawn, sandbox required but unavailable, disk error):
 *   the returned promise rejects with a VigilError ('unavailable', 'storage' or 'internal'), so
 *   gradeAttempt rejects and the caller retries later.
 * - **question** (the hidden tests are broken): status `error`, score 0, feedback starting with
 *   "question error: ". It scores nobody; the hub must leave the item out of rankings and flag it
 *   for the author rather than count the 0.
 * - **candidate** (does not build, crashes, times out, fails tests): a normal grade, 0 or partial,
 *   with the end of the output as feedback.
 *
 * Telling a broken question from a broken submission: the task's reference solution (`solution/`
 * copied over `starter/`) is run once per item through the same command, sandbox and timeout (the
 * control run, cached for the grader's life; a system error is not cached). If the reference does
 * not pass every hidden test it reports (or reports none, or times out, or exits non-zero for
 * `exit-code`), the item is a question error for everyone. Otherwise the tests the reference
 * passed are exactly the tests that count, matched by name: a candidate whose code crashes a test
 * file still has that file's tests counted as failed, and tests the reference skipped do not count.
 * A task without `solution/` has no control: the candidate's own report is counted, and a run that
 * reports no test at all is taken as a question error (nobody can tell whose fault it is).
 */

export interface CodingGraderOptions {
  /** The grading package folder (tasks/<task>/hidden and solution live there). */
  pkgDir: string;
  /** Default 'auto' (see gradingSandbox.ts). The hub should ask for 'bubblewrap'. */
  sandbox?: SandboxMode;
  /** stdout kept for parsing, per run (default 1 MB). */
  outputCapBytes?: number;
  /** Where grading copies are made (default the OS temp folder); each run's copy is removed after. */
  workRoot?: string;
  /** More host paths to keep invisible inside the sandbox (the app data); the package always is. */
  hidePaths?: readonly string[];
  /** Between SIGTERM and SIGKILL when a run times out (default 1000 ms). */
  killGraceMs?: number;
}

export const CODING_OUTPUT_CAP_BYTES = 1024 * 1024;
/** junit.xml is read up to this size (failure messages make it larger than stdout would be). */
const JUNIT_FILE_CAP_BYTES = 16 * 1024 * 1024;
/** The report file a `junit` command may write at the copy's root; preferred over stdout. */
export const JUNIT_REPORT_FILE = 'junit.xml';

/** What a coding answer may be: the workspace folder, or the archive from a result, with the language picked. */
export const codingSubmissionSchema = codingAnswerSchema;
export type CodingSubmission = CodingAnswer;

type Reference =
  | { kind: 'ok'; expected: string[] | null; plan: Extract<WeightPlan, { ok: true }> | null }
  | { kind: 'none' }
  | { kind: 'broken'; reason: string; run: GradingRunOutcome | null };

interface TaskPaths {
  task: string;
  taskDir: string;
  hiddenDir: string;
  /** The picked language (null for a single-language item). */
  language: Language | null;
  /** Where this language's starter/ and solution/ are: the task folder, or <task>/<language>. */
  languageDir: string;
}

export function createCodingGrader(options: CodingGraderOptions): CodingGrader {
  const pkgDir = resolve(options.pkgDir);
  const mode = options.sandbox ?? 'auto';
  const outputCapBytes = options.outputCapBytes ?? CODING_OUTPUT_CAP_BYTES;
  const workRoot = options.workRoot ?? tmpdir();
  let sandboxPending: Promise<GradingSandbox> | null = null;
  const references = new Map<string, Promise<Reference>>();

  const getSandbox = (): Promise<GradingSandbox> => {
    sandboxPending ??= prepareSandbox().catch((err: unknown) => {
      sandboxPending = null;
      throw err;
    });
    return sandboxPending;
  };

  /** Resolves the sandbox and proves it can run a command, so a broken sandbox is never blamed on a task. */
  async function prepareSandbox(): Promise<GradingSandbox> {
    const sandbox = await resolveGradingSandbox(mode, { hidePaths: [pkgDir, ...(options.hidePaths ?? [])] });
    const dir = await makeRunDir(workRoot);
    try {
      const run = await runGradingCommand({ dir: await realpath(dir), command: 'printf vigil-ok', timeoutMs: 30_000, outputCapBytes: 64, sandbox, killGraceMs: options.killGraceMs });
      if (run.exitCode !== 0 || run.stdout.toString() !== 'vigil-ok') {
        throw new VigilError('unavailable', `the grading ${sandbox.kind === 'bubblewrap' ? 'sandbox' : 'shell'} does not work here (${sandbox.detail}): ${run.tail.trim() || `exit code ${run.exitCode}`}`);
      }
    } finally {
      await removeTree(dir);
    }
    return sandbox;
  }

  const run = async (root: string, key: KeyEntryFor<'coding'>, language: Language | null): Promise<GradingRunOutcome> =>
    runGradingCommand({
      dir: root,
      command: key.command,
      timeoutMs: key.timeoutSeconds * 1000,
      outputCapBytes,
      sandbox: await getSandbox(),
      killGraceMs: options.killGraceMs,
      env: languageEnv(key, language),
      ...(key.report === 'junit' ? { report: { file: JUNIT_REPORT_FILE, capBytes: JUNIT_FILE_CAP_BYTES } } : {}),
    });

  /** The run's report: junit.xml at the root when present, else stdout. Null when none could be read. */
  async function readReport(root: string, outcome: GradingRunOutcome, report: 'tap' | 'junit'): Promise<TestReport | null> {
    const roots = [root, '/workspace'];
    if (report === 'tap') return parseTapReport(outcome.stdout.toString('utf8'), roots);
    return parseJunitReport(outcome.report ? outcome.report.text : outcome.stdout.toString('utf8'), roots);
  }

  async function prepareCopy(root: string, paths: TaskPaths, key: KeyEntryFor<'coding'>): Promise<void> {
    await addHiddenFiles(root, paths.hiddenDir);
    // The report file must come from this run, not from the submission.
    if (key.report === 'junit') await removeTree(join(root, JUNIT_REPORT_FILE));
  }

  async function computeReference(paths: TaskPaths, key: KeyEntryFor<'coding'>): Promise<Reference> {
    const solutionDir = join(paths.languageDir, 'solution');
    if ((await pathKind(solutionDir)) !== 'dir') return { kind: 'none' };
    const work = await makeRunDir(workRoot);
    try {
      const root = await realpath(work);
      const starterDir = join(paths.languageDir, 'starter');
      if ((await pathKind(starterDir)) === 'dir') await overlayPackageFolder(starterDir, root);
      await overlayPackageFolder(solutionDir, root);
      await prepareCopy(root, paths, key);
      const outcome = await run(root, key, paths.language);
      const who = `the reference solution (${paths.task}/${languageRoot({ languages: paths.language ? [paths.language] : undefined }, paths.language)}solution)`;
      if (outcome.timedOut) return { kind: 'broken', reason: `${who} timed out after ${key.timeoutSeconds} s`, run: outcome };
      if (key.report === 'exit-code') {
        return outcome.exitCode === 0 ? { kind: 'ok', expected: null, plan: null } : { kind: 'broken', reason: `${who} fails: ${describeExit(outcome)}`, run: outcome };
      }
      if (outcome.truncated) return { kind: 'broken', reason: `${who}'s run printed more than ${formatBytes(outputCapBytes)}: its report cannot be read whole`, run: outcome };
      const report = await readReport(root, outcome, key.report);
      if (!report || report.tests.length === 0) {
        return { kind: 'broken', reason: `no test results (${key.report}) in the output of \`${key.command}\` run against ${who}`, run: outcome };
      }
      const duplicated = report.tests.filter((t) => t.duplicate);
      if (duplicated.length > 0) {
        const names = duplicated.slice(0, 10).map((t) => `"${t.id}"`).join(', ');
        return { kind: 'broken', reason: `the hidden tests report the same leaf test name more than once (${names}): names must be unique, or a submission could pass a test by repeating its name`, run: outcome };
      }
      const failing = report.tests.filter((t) => t.status === 'fail');
      if (failing.length > 0) {
        const names = failing.slice(0, 10).map((t) => t.id).join('; ');
        return { kind: 'broken', reason: `${who} fails ${failing.length} of ${report.tests.length} hidden tests (${names})`, run: outcome };
      }
      const expected = passedIds(report);
      if (expected.length === 0) return { kind: 'broken', reason: `no hidden test passes against ${who} (all skipped or todo)`, run: outcome };
      if (!key.tests) return { kind: 'ok', expected, plan: null };
      const plan = planWeights(key.tests, expected);
      if (!plan.ok) return { kind: 'broken', reason: `key.json tests do not fit the leaf tests ${who} reports: ${plan.problems.join('; ')}`, run: null };
      return { kind: 'ok', expected, plan };
    } finally {
      await removeTree(work);
    }
  }

  function getReference(paths: TaskPaths, key: KeyEntryFor<'coding'>): Promise<Reference> {
    const cacheKey = JSON.stringify([paths.task, paths.language, key.command, key.report, key.timeoutSeconds, key.tests ?? null, key.start ?? null]);
    let pending = references.get(cacheKey);
    if (!pending) {
      pending = computeReference(paths, key).catch((err: unknown) => {
        references.delete(cacheKey); // a system error is retried next time, not remembered
        throw err;
      });
      references.set(cacheKey, pending);
    }
    return pending;
  }

  async function taskPaths(item: ItemOf<'coding'>, language: Language | null): Promise<TaskPaths | ItemGrade> {
    const taskDir = resolve(pkgDir, item.task);
    if (!isWithin(taskDir, pkgDir)) return errorGrade(item.points, `${QUESTION_ERROR_PREFIX}the task ${item.task} lies outside the package`);
    const hiddenDir = join(taskDir, 'hidden');
    if ((await pathKind(hiddenDir)) !== 'dir') {
      return errorGrade(item.points, `${QUESTION_ERROR_PREFIX}${item.task}/hidden is missing from the grading package: the hidden tests cannot run`);
    }
    return { task: item.task, taskDir, hiddenDir, language, languageDir: join(taskDir, languageRoot(item, language)) };
  }

  return async function gradeCoding(item, key, answer): Promise<ItemGrade> {
    const parsed = codingSubmissionSchema.safeParse(answer);
    if (!parsed.success) return incorrectGrade(item.points, 'invalid answer: expected {"workspace": "<dir>"} or {"archive": "<base64 tar.gz>"}');
    const submission = toSubmission(parsed.data);
    if ('feedback' in submission) return incorrectGrade(item.points, submission.feedback);
    const language = pickedLanguage(item, parsed.data.language);
    if (typeof language === 'object' && language !== null) return incorrectGrade(item.points, language.feedback);

    const paths = await taskPaths(item, language);
    if (!('taskDir' in paths)) return paths;
    const reference = await getReference(paths, key);
    if (reference.kind === 'broken') {
      return errorGrade(item.points, joinFeedback([`${QUESTION_ERROR_PREFIX}${reference.reason}`, reference.run && outputSection('reference run output', reference.run.tail, reference.run.tailCut)]));
    }

    const work = await makeRunDir(workRoot);
    try {
      const root = join(await realpath(work), 'workspace');
      const loaded = await loadSubmission(submission, root);
      if (!loaded.ok) return incorrectGrade(item.points, loaded.feedback);
      await prepareCopy(root, paths, key);
      const outcome = await run(root, key, language);
      return await scoreRun(item, key, reference, outcome, loaded.skipped, await readReportFor(root, outcome, key));
    } finally {
      await removeTree(work);
    }
  };

  async function readReportFor(root: string, outcome: GradingRunOutcome, key: KeyEntryFor<'coding'>): Promise<TestReport | null> {
    return key.report === 'exit-code' ? null : readReport(root, outcome, key.report);
  }

  function scoreRun(
    item: ItemOf<'coding'>,
    key: KeyEntryFor<'coding'>,
    reference: Exclude<Reference, { kind: 'broken' }>,
    outcome: GradingRunOutcome,
    skipped: SkippedEntry[],
    report: TestReport | null,
  ): ItemGrade {
    const notes = runNotes(key, outcome, skipped, outputCapBytes);
    const output = outputSection('output', outcome.tail, outcome.tailCut);

    if (key.report === 'exit-code') {
      if (!outcome.timedOut && outcome.exitCode === 0) return gradeByFraction(item.points, 1, joinFeedback(notes) || undefined);
      return incorrectGrade(item.points, joinFeedback([`The command failed: ${describeExit(outcome)}.`, ...notes, output]));
    }

    const noResults = !report || report.tests.length === 0;
    if (noResults && reference.kind === 'none') {
      if (!outcome.timedOut) {
        return errorGrade(item.points, joinFeedback([`${QUESTION_ERROR_PREFIX}no test results (${key.report}) in the output of \`${key.command}\`, and the task has no reference solution to tell whether the tests or the submission are at fault`, output]));
      }
      return incorrectGrade(item.points, joinFeedback(['No test results before the timeout.', ...notes, output]));
    }
    if (reference.kind === 'ok' && reference.plan) {
      const weighted = scoreWeighted(reference.plan, report ?? { tests: [] }, item.points);
      const grade = gradeByFraction(item.points, weighted.fraction);
      const tally = { total: reference.plan.leaves.length, passed: weighted.passed, notPassed: weighted.notPassed };
      const crashed = noResults && !outcome.timedOut && `No test results: the hidden tests could not run against this workspace (${describeExit(outcome)}).`;
      const feedback = joinFeedback([describeTally(tally), crashed, ...notes, weighted.notPassed.length > 0 && output]);
      return { ...grade, feedback, skills: reconcileSkills(weighted.skills, grade) };
    }
    const tally = tallyTests(report ?? { tests: [] }, reference.kind === 'ok' ? reference.expected : null);
    if (tally.total === 0) {
      return errorGrade(item.points, joinFeedback([`${QUESTION_ERROR_PREFIX}no hidden test counts: every reported test was skipped or todo`, output]));
    }
    const full = tally.passed === tally.total;
    const crashed = noResults && !outcome.timedOut && `No test results: the hidden tests could not run against this workspace (${describeExit(outcome)}).`;
    return gradeByFraction(item.points, tally.passed / tally.total, joinFeedback([describeTally(tally), crashed, ...notes, !full && output]));
  }
}

/**
 * The language a submission is graded in: null for a single-language item; for an item that
 * offers languages, the one the answer names, which must be offered.
 */
function pickedLanguage(item: ItemOf<'coding'>, language: Language | undefined): Language | null | { feedback: string } {
  if (!item.languages) return null;
  if (language === undefined) return { feedback: `invalid answer: this task is offered in ${item.languages.join(', ')} and the answer names no language` };
  if (!item.languages.includes(language)) return { feedback: `invalid answer: this task is not offered in ${language} (only ${item.languages.join(', ')})` };
  return language;
}

/** Env of a hidden-test run: the picked language and how to start the candidate's program in it (DESIGN 13). */
function languageEnv(key: KeyEntryFor<'coding'>, language: Language | null): Record<string, string> {
  const env: Record<string, string> = {};
  if (language) env.VIGIL_LANGUAGE = language;
  const start = forLanguage(key.start, language);
  if (start) env.VIGIL_START = start;
  return env;
}

/** Skill parts rounded one by one can miss the grade's rounded score by 0.0001: the last part takes the difference. */
function reconcileSkills(skills: Record<string, { score: number; max: number }>, grade: ItemGrade): Record<string, { score: number; max: number }> {
  const ids = Object.keys(skills);
  const last = ids[ids.length - 1];
  if (last === undefined) return skills;
  const sum = (k: 'score' | 'max') => ids.reduce((acc, id) => acc + (skills[id]?.[k] ?? 0), 0);
  const out = { ...skills };
  const lastPart = skills[last] ?? { score: 0, max: 0 };
  out[last] = { score: Math.max(0, roundScore(lastPart.score + grade.score - sum('score'))), max: roundScore(lastPart.max + grade.max - sum('max')) };
  return out;
}

function toSubmission(data: CodingSubmission): Submission | { feedback: string } {
  if ('workspace' in data) return { workspace: data.workspace };
  const archive = Buffer.from(data.archive, 'base64');
  if (data.sha256 !== undefined && createHash('sha256').update(archive).digest('hex') !== data.sha256) {
    return { feedback: 'the submitted workspace archive does not match its sha256: it was damaged or altered' };
  }
  return { archive };
}

function describeExit(outcome: GradingRunOutcome): string {
  if (outcome.timedOut) return 'timed out';
  if (outcome.exitCode !== null) return `exit code ${outcome.exitCode}`;
  return `ended by ${outcome.signal ?? 'a signal'}`;
}

function runNotes(key: KeyEntryFor<'coding'>, outcome: GradingRunOutcome, skipped: SkippedEntry[], cap: number): string[] {
  const notes: string[] = [];
  if (outcome.timedOut) {
    const counted = key.report === 'exit-code' ? '' : '; tests reported before that count, the rest count as not passed';
    notes.push(`Timed out after ${key.timeoutSeconds} s: the run was stopped${counted}.`);
  }
  if (outcome.memoryCapHit) {
    notes.push(`The run reached its memory limit (${formatBytes(GRADING_MAX_MEMORY_BYTES)}): a process was refused memory or stopped.`);
  }
  if (outcome.truncated) {
    notes.push(`Output truncated: only the first ${formatBytes(cap)} of ${formatBytes(outcome.stdoutBytes)} was read; tests reported after that count as not passed.`);
  }
  if (skipped.length > 0) {
    const list = skipped.slice(0, 10).map((s) => `- ${s.path}: ${s.reason}`);
    if (skipped.length > 10) list.push(`- ... and ${skipped.length - 10} more`);
    notes.push(['Left out of the workspace:', ...list].join('\n'));
  }
  return notes;
}
