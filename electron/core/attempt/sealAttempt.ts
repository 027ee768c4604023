import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VigilError } from '../../../shared/errors.js';
import { allItems } from '../../../shared/exam/examSchema.js';
import { gradedResultSchema, type GradedResult } from '../../../shared/grading/resultSchema.js';
import type { SubmitReason } from '../../../shared/lifecycle.js';
import { RESULT_FORMAT, type Result, type UnsignedResult } from '../../../shared/result.js';
import type { Device } from '../device/deviceKeys.js';
import { gradeAttempt, type CodingGrader } from '../grading/gradeAttempt.js';
import type { ExamPackage } from '../package/types.js';
import { signResult, writeSealedResult } from '../result/sealResult.js';
import type { SqlRunner } from '../sql/sqlRunner.js';
import type { AttemptStore } from '../store/attemptStore.js';
import { writeFileDurable } from '../../base/fsyncWrite.js';
import { archiveWorkspace, toResultWorkspace } from '../workspace/archiveWorkspace.js';
import { workspaceDirFor } from '../workspace/prepareWorkspace.js';
import type { AttemptMeta } from './attemptMeta.js';
import { journaledForm } from './attemptForm.js';
import { languagePicksOf } from './languagePicks.js';

/** The practice grade of a sealed attempt, next to its result. */
export const GRADED_FILE = 'graded.json';

export interface WriteResultOptions {
  pkg: ExamPackage;
  store: AttemptStore;
  meta: AttemptMeta;
  device: () => Promise<Device>;
  submitReason: SubmitReason;
  log: (line: string) => void;
}

/**
 * Builds the result of a submitted attempt from its journal and workspaces, signs it with the
 * device key and writes result.json.
 */
export async function writeResult({ pkg, store, meta, device: loadDevice, submitReason, log }: WriteResultOptions): Promise<Result> {
  const entries = store.entries();
  const submittedIndex = entries.findIndex((e) => e.type === 'state' && (e.data as { to?: string }).to === 'submitted');
  const started = entries.find((e) => e.type === 'state' && (e.data as { to?: string }).to === 'in-progress');
  const head = entries[submittedIndex];
  if (!head) throw new VigilError('internal', 'a submitted attempt must have a submit entry');
  // A journal that lost its start (restored from attempt.json, see restoreView) starts at its first entry.
  const startedAt = (started ?? entries[0] ?? head).at;
  const codingItems = allItems(pkg.exam).flatMap(({ item }) => (item.type === 'coding' ? [item] : []));
  const codingIds = new Set(codingItems.map((item) => item.id));
  const answers = savedAnswersOf(store, codingIds);
  // Coding items are answered by their workspaces: archived into the result (the shells are
  // already stopped, so the tree cannot change while it is read).
  const workspaces: UnsignedResult['workspaces'] = {};
  for (const item of codingItems) {
    const dir = workspaceDirFor(store.dir, item.id);
    if (!existsSync(dir)) continue;
    const archived = await archiveWorkspace(dir);
    if (archived.skipped.length > 0) log(`workspace ${item.id}: left out ${archived.skipped.map((s) => `${s.path} (${s.reason})`).join(', ')}`);
    workspaces[item.id] = toResultWorkspace(archived);
  }
  const unsigned: UnsignedResult = {
    format: RESULT_FORMAT,
    attemptId: store.attemptId,
    examId: meta.examId,
    examVersion: meta.examVersion,
    candidate: meta.candidate,
    device: { id: (await loadDevice()).id },
    startedAt,
    submittedAt: head.at,
    submitReason,
    answers: answers as UnsignedResult['answers'],
    workspaces,
    journal: { count: submittedIndex + 1, headHash: head.hash },
    ...formField(entries),
    ...languagesField(entries.slice(0, submittedIndex + 1)),
  };
  const device = await loadDevice();
  const sealed = signResult(unsigned, device.privateKey);
  await writeSealedResult(store.dir, sealed);
  return sealed;
}

/** The saved answers other than coding items' (a coding item is answered by its workspace). */
function savedAnswersOf(store: AttemptStore, codingIds: ReadonlySet<string>): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [itemId, saved] of Object.entries(store.view().answers)) {
    if (saved.value !== null && !codingIds.has(itemId)) answers[itemId] = saved.value;
  }
  return answers;
}

/**
 * The answers as practice grading reads them: saved values, and each coding item's workspace
 * folder with the language it was written in (a multi-language item is graded in the pick).
 */
export function gradingAnswersOf(pkg: ExamPackage, store: AttemptStore): Record<string, unknown> {
  const codingIds = new Set(allItems(pkg.exam).flatMap(({ item }) => (item.type === 'coding' ? [item.id] : [])));
  const answers = savedAnswersOf(store, codingIds);
  const picks = languagePicksOf(store.entries());
  for (const itemId of codingIds) {
    const dir = workspaceDirFor(store.dir, itemId);
    const language = picks.get(itemId);
    if (existsSync(dir)) answers[itemId] = { workspace: dir, ...(language ? { language } : {}) };
  }
  return answers;
}

/** The picked languages go into the signed result: the hub grades each coding answer in its pick. */
function languagesField(entries: ReturnType<AttemptStore['entries']>): Pick<UnsignedResult, 'languages'> {
  const picks = languagePicksOf(entries);
  return picks.size > 0 ? { languages: Object.fromEntries(picks) } : {};
}

/** The form journaled at check-in goes into the signed result: the hub grades exactly it. */
function formField(entries: ReturnType<AttemptStore['entries']>): Pick<UnsignedResult, 'form'> {
  const form = journaledForm(entries);
  return form ? { form } : {};
}

/** Grades a practice attempt with the package's key and keeps the grade in graded.json. */
export async function gradePractice(pkg: ExamPackage, attemptDir: string, answers: Record<string, unknown>, graders: { sql: SqlRunner; coding?: CodingGrader }, form?: Result['form']): Promise<GradedResult> {
  const graded = await gradeAttempt(pkg, answers, graders, form);
  await writeFileDurable(join(attemptDir, GRADED_FILE), `${JSON.stringify(graded, null, 2)}\n`);
  return graded;
}

/** The stored practice grade, or null when there is none (or it cannot be read, which is logged). */
export async function readGraded(store: AttemptStore, log: (line: string) => void): Promise<GradedResult | null> {
  try {
    return gradedResultSchema.parse(JSON.parse(await readFile(join(store.dir, GRADED_FILE), 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    log(`cannot read the practice grade of ${store.attemptId}: ${(error as Error).message}`);
    return null;
  }
}
