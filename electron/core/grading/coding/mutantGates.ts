import { readFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { allItems, type ItemOf, type Language } from '../../../../shared/exam/examSchema.js';
import { languageRoot } from '../../../../shared/exam/languages.js';
import { mutantsSchema, STARTER_MAX_SHARE, type Mutants } from '../../../../shared/exam/mutantsSchema.js';
import { describeZodError, VigilError } from '../../../../shared/errors.js';
import type { ItemGrade } from '../../../../shared/grading/resultSchema.js';
import { checkKeyEntry } from '../../../../shared/grading/keyEntry.js';
import type { ExamPackage } from '../../package/types.js';
import type { CodingGrader } from '../gradeAttempt.js';
import { makeRunDir, overlayPackageFolder, pathKind, removeTree } from './gradingCopy.js';

/**
 * Mutant gates (DESIGN 13): for every coding item, in every language it offers, grade
 * - the reference solution (starter + solution/): must score full marks,
 * - the starter alone: must score at most STARTER_MAX_SHARE of the points,
 * - every mutant (starter + mutants/<name>/[<language>/]): at most its maxPoints,
 * through the same grader candidates get (sandbox, hidden suite, weighted tests). A row breaches
 * its gate when it scores above its ceiling (or below full, for the solution) or is a question error.
 */

export type Variant = 'solution' | 'starter' | `mutant:${string}`;

export interface GateRow {
  itemId: string;
  language: Language | null;
  variant: Variant;
  score: number;
  max: number;
  /** The gate: the solution must reach `max`; others must stay at or below `limit`. */
  limit: number;
  ok: boolean;
  /** Why a row breached, or the mutant's flaw. */
  note: string;
}

export interface GateOptions {
  /** 'solution' runs only the reference (plain `vigil lint`); 'all' adds starter and mutants (`--run`). */
  variants: 'solution' | 'all';
  /** Items to check (default every coding item). For `vigil lint`: those with weighted tests. */
  only?: (item: ItemOf<'coding'>) => boolean;
  /** Called before each grading run: a long lint shows progress. */
  onProgress?: (what: string) => void;
  /** Grading runs at a time (default DEFAULT_GATE_CONCURRENCY). */
  concurrency?: number;
}

/**
 * Two runs per core: a run spends much of its time waiting on its service and the suite's
 * timeouts, and no hidden suite here asserts a timing tight enough to feel a busier machine.
 */
export const DEFAULT_GATE_CONCURRENCY = Math.max(1, availableParallelism() * 2);

/** The mutants of a task, or a problem naming the file. */
export async function readMutants(taskDir: string): Promise<Mutants> {
  const file = join(taskDir, 'mutants.json');
  if ((await pathKind(file)) !== 'file') return {};
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new VigilError('package-invalid', `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = mutantsSchema.safeParse(raw);
  if (!parsed.success) throw new VigilError('package-invalid', `${file}: ${describeZodError('mutants.json', parsed.error).message}`);
  return parsed.data;
}

export async function runMutantGates(pkg: ExamPackage, grader: CodingGrader, options: GateOptions): Promise<GateRow[]> {
  // Every grading run is independent (its own copy, its own sandbox with its own network
  // namespace), and much of a run is waiting (a service starting, a suite's timeouts): they run
  // `concurrency` at a time, and the rows keep the table's order.
  const jobs: Array<() => Promise<GateRow>> = [];
  for (const { item } of allItems(pkg.exam)) {
    if (item.type !== 'coding' || (options.only && !options.only(item))) continue;
    const k = checkKeyEntry('coding', pkg.key?.items[item.id]);
    if (!k.ok) throw new VigilError('package-invalid', `${item.id}: ${k.feedback}`);
    const taskDir = join(pkg.dir, item.task);
    const mutants = options.variants === 'all' ? await readMutants(taskDir) : {};
    for (const language of item.languages ?? [null]) {
      const langDir = join(taskDir, languageRoot(item, language));
      const grade = async (variant: Variant, overlay: string | null): Promise<ItemGrade> => {
        options.onProgress?.(`${item.id}${language ? ` (${language})` : ''}: ${variant}`);
        return gradeVariant(grader, item, k.key, language, join(langDir, 'starter'), overlay);
      };
      jobs.push(async () => {
        const solution = await grade('solution', join(langDir, 'solution'));
        return row(item, language, 'solution', solution, solution.max, solution.status === 'correct' && solution.score === solution.max);
      });
      if (options.variants !== 'all') continue;
      jobs.push(async () => {
        const starter = await grade('starter', null);
        const starterLimit = item.points * STARTER_MAX_SHARE;
        return row(item, language, 'starter', starter, starterLimit, starter.status !== 'error' && starter.score <= starterLimit + 1e-9);
      });
      for (const [name, mutant] of Object.entries(mutants)) {
        const base = join(taskDir, 'mutants', name);
        const dir = item.languages ? join(base, language ?? '') : base;
        // A mutant may exist for some languages only.
        if ((await pathKind(dir)) !== 'dir') continue;
        jobs.push(async () => {
          const graded = await grade(`mutant:${name}`, dir);
          const r = row(item, language, `mutant:${name}`, graded, mutant.maxPoints, graded.status !== 'error' && graded.score <= mutant.maxPoints + 1e-9);
          return { ...r, note: r.ok ? mutant.flaw : `${mutant.flaw}: ${r.note}` };
        });
      }
    }
  }
  return runPooled(jobs, options.concurrency ?? DEFAULT_GATE_CONCURRENCY);
}

/** Runs `jobs` at most `limit` at a time; the results keep the jobs' order. */
async function runPooled<T>(jobs: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`concurrency must be a whole number >= 1, got ${limit}`);
  const results = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await (jobs[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

function row(item: ItemOf<'coding'>, language: Language | null, variant: Variant, grade: ItemGrade, limit: number, ok: boolean): GateRow {
  let note = '';
  if (!ok) {
    if (grade.status === 'error') note = firstLine(grade.feedback);
    else if (variant === 'solution') note = `the reference solution must score full marks: ${firstLine(grade.feedback)}`;
    else note = `scores ${grade.score}, above its ceiling of ${limit}: the hidden tests let this through`;
  }
  return { itemId: item.id, language, variant, score: grade.score, max: grade.max, limit, ok, note };
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
}

/** Grades starter/ with `overlay` copied over it, as a candidate's workspace in `language`. */
async function gradeVariant(
  grader: CodingGrader,
  item: ItemOf<'coding'>,
  key: Parameters<CodingGrader>[1],
  language: Language | null,
  starterDir: string,
  overlay: string | null,
): Promise<ItemGrade> {
  const work = await makeRunDir(tmpdir());
  try {
    if ((await pathKind(starterDir)) === 'dir') await overlayPackageFolder(starterDir, work);
    if (overlay) await overlayPackageFolder(overlay, work);
    return await grader(item, key, { workspace: work, ...(language ? { language } : {}) });
  } finally {
    await removeTree(work);
  }
}

/** The gate table as lint prints it: one row per item, language and variant. */
export function formatGateTable(rows: readonly GateRow[]): string {
  const header = ['item', 'language', 'variant', 'score', 'gate', 'result'];
  const cells = rows.map((r) => [
    r.itemId,
    r.language ?? '-',
    r.variant,
    `${r.score}/${r.max}`,
    r.variant === 'solution' ? `= ${r.max}` : `<= ${Math.round(r.limit * 10_000) / 10_000}`,
    r.ok ? 'ok' : `FAIL ${r.note}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}

