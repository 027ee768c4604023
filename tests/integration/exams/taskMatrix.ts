/**
 * Grades a multi-language coding task the way the package format describes it (FORMATS.md, issue
 * 16), without the engine: starter/ of a language, a variant (solution/ or a mutant's <language>/)
 * copied over it, hidden/ as <dir>/hidden/, the key's command run at the root with VIGIL_LANGUAGE
 * and VIGIL_START, and the TAP leaf results scored by the key's weighted `tests`. Used by the
 * content tests so that every task's mutant table is asserted before the engine's `vigil lint
 * --run` exists; it is deliberately independent of the engine, so each checks the other.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { runCommand, type CommandRun } from './taskHarness.js';

export const LANGUAGES = ['node', 'python', 'java'] as const;
export type Language = (typeof LANGUAGES)[number];

export const weightedTest = z.object({ name: z.string().min(1), points: z.number().positive(), skill: z.string().min(1) });
/** The coding key fields this harness needs (the engine's schema has more). */
export const matrixKey = z.object({
  command: z.string().min(1),
  timeoutSeconds: z.number().positive(),
  report: z.literal('tap'),
  start: z.record(z.enum(LANGUAGES), z.string().min(1)),
  tests: z.array(weightedTest).min(1),
});
export type MatrixKey = z.infer<typeof matrixKey>;
export const mutantTable = z.record(z.string(), z.object({ flaw: z.string().min(10), maxPoints: z.number().nonnegative() }));
export type MutantTable = z.infer<typeof mutantTable>;

export interface LeafResult {
  name: string;
  ok: boolean;
}

/** Top-level TAP test points ("ok 3 - name" / "not ok 3 - name"); a `# SKIP`/`# TODO` is not a pass. */
export function tapLeaves(tap: string): LeafResult[] {
  return [...tap.matchAll(/^(not ok|ok) \d+ - (.*?)(\s+# (SKIP|TODO).*)?$/gm)].map((m) => ({
    name: m[2] ?? '',
    ok: m[1] === 'ok' && m[3] === undefined,
  }));
}

function matches(pattern: string, name: string): boolean {
  const re = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  return re ? new RegExp(re[1] ?? '', re[2]).test(name) : pattern === name;
}

export interface Scored {
  points: number;
  max: number;
  bySkill: Record<string, number>;
  failed: string[];
  /** Key entries that matched no reported leaf, and leaves matched by no entry or by two. */
  unmatchedEntries: string[];
  unkeyedLeaves: string[];
}

/**
 * Scores leaves by the key as the format says: an entry's points split evenly over the leaves it
 * matches, a passed leaf earns its share, and a duplicated leaf name fails.
 */
export function scoreLeaves(leaves: LeafResult[], tests: MatrixKey['tests']): Scored {
  const counts = new Map<string, number>();
  for (const l of leaves) counts.set(l.name, (counts.get(l.name) ?? 0) + 1);
  const matchedBy = tests.map((t) => leaves.filter((l) => matches(t.name, l.name)).length);
  const bySkill: Record<string, number> = {};
  let points = 0;
  const failed: string[] = [];
  const unkeyedLeaves: string[] = [];
  const used = new Set<number>();
  for (const leaf of leaves) {
    const entries = tests.flatMap((t, i) => (matches(t.name, leaf.name) ? [i] : []));
    if (entries.length !== 1) {
      unkeyedLeaves.push(leaf.name);
      continue;
    }
    const index = entries[0] as number;
    used.add(index);
    const entry = tests[index] as MatrixKey['tests'][number];
    const share = entry.points / (matchedBy[index] ?? 1);
    if (leaf.ok && counts.get(leaf.name) === 1) {
      points += share;
      bySkill[entry.skill] = (bySkill[entry.skill] ?? 0) + share;
    } else failed.push(leaf.name);
  }
  const unmatchedEntries = tests.flatMap((t, i) => (used.has(i) ? [] : [t.name]));
  return { points, max: tests.reduce((s, t) => s + t.points, 0), bySkill, failed, unmatchedEntries, unkeyedLeaves };
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return false;
    throw error;
  }
}

/** "solution", "starter" or a mutant's name. */
export type Variant = 'solution' | 'starter' | { mutant: string };

export function variantName(v: Variant): string {
  return typeof v === 'string' ? v : `mutant ${v.mutant}`;
}

/** The workspace a candidate would submit for `variant`, plus hidden/ as grading adds it. */
export async function prepareVariant(taskDir: string, language: Language, variant: Variant): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-matrix-'));
  await cp(path.join(taskDir, language, 'starter'), dir, { recursive: true });
  if (variant === 'solution') await cp(path.join(taskDir, language, 'solution'), dir, { recursive: true, force: true });
  else if (variant !== 'starter') {
    const source = path.join(taskDir, 'mutants', variant.mutant, language);
    if (!(await isDir(source))) throw new Error(`${taskDir}: mutant ${variant.mutant} has no ${language}/ folder`);
    await cp(source, dir, { recursive: true, force: true });
  }
  await mkdir(path.join(dir, 'hidden'), { recursive: true });
  await cp(path.join(taskDir, 'hidden'), path.join(dir, 'hidden'), { recursive: true });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface VariantRun {
  run: CommandRun;
  scored: Scored;
}

export async function gradeVariant(taskDir: string, key: MatrixKey, language: Language, variant: Variant): Promise<VariantRun> {
  const ws = await prepareVariant(taskDir, language, variant);
  try {
    const run = await runCommand(key.command, ws.dir, key.timeoutSeconds * 1000, { VIGIL_LANGUAGE: language, VIGIL_START: key.start[language] });
    return { run, scored: scoreLeaves(tapLeaves(run.stdout), key.tests) };
  } finally {
    await ws.cleanup();
  }
}

export async function readMutants(taskDir: string): Promise<MutantTable> {
  const table = mutantTable.parse(JSON.parse(await readFile(path.join(taskDir, 'mutants.json'), 'utf8')));
  const folders = (await readdir(path.join(taskDir, 'mutants'))).sort();
  if (folders.join() !== Object.keys(table).sort().join()) throw new Error(`${taskDir}: mutants/ folders ${folders.join()} differ from mutants.json`);
  return table;
}
