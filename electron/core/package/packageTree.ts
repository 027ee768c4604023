import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { problem } from './problems.js';
import type { PackageProblem } from './types.js';

/**
 * The files of a package, listed without following symbolic links, and the rules about links
 * and grading material that need the whole tree (DESIGN 4, 9).
 */

export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

export interface TreeEntry {
  /** Relative to the package root, forward slashes. */
  path: string;
  kind: EntryKind;
}

export interface PackageTree {
  /** The package root with symbolic links resolved. */
  root: string;
  /** Every entry in the package, parents before children, in a stable (sorted) order. */
  entries: TreeEntry[];
  /** key.json and every tasks/<t>/hidden and tasks/<t>/solution present (sorted). */
  gradingMaterial: string[];
  problems: PackageProblem[];
}

/**
 * Grading material inside a task: hidden/, solution/ (at the root or per language), mutants/ and
 * mutants.json (DESIGN 13: flawed solutions would tell a candidate what the tests look for).
 */
const GRADING_ROOT = /^(tasks\/[^/]+\/(?:hidden|solution|(?:node|python|java)\/solution|mutants|mutants\.json))(\/|$)/;

/** True for key.json and anything under a task's grading material (see GRADING_ROOT). */
export function isGradingPath(rel: string): boolean {
  return rel === 'key.json' || GRADING_ROOT.test(rel);
}

/** The grading material an entry stands for: "key.json", "tasks/x/hidden", "tasks/x/java/solution"... or null. */
function gradingRoot(rel: string): string | null {
  if (rel === 'key.json') return rel;
  return GRADING_ROOT.exec(rel)?.[1] ?? null;
}

/**
 * Paths that must be real folders or files, not links: a link would let a delivery package keep
 * the grading material it points at (pack drops paths by name), or hide hidden tests from it.
 */
function mustNotBeLink(rel: string): boolean {
  return rel === 'key.json' || rel === 'exam.json' || rel === 'tasks' || /^tasks\/[^/]+(\/(hidden|solution|(node|python|java)(\/solution)?|mutants|mutants\.json))?$/.test(rel);
}

export function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function errorCode(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  throw error;
}

export async function scanPackageTree(rootDir: string): Promise<PackageTree> {
  const root = await realpath(rootDir);
  const entries: TreeEntry[] = [];
  const problems: PackageProblem[] = [];

  async function walk(relDir: string): Promise<void> {
    const abs = relDir === '' ? root : path.join(root, relDir);
    let dirents;
    try {
      dirents = await readdir(abs, { withFileTypes: true });
    } catch (error) {
      problems.push(problem(relDir || '.', '', `cannot read this folder (${errorCode(error)})`));
      return;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const d of dirents) {
      const rel = relDir === '' ? d.name : `${relDir}/${d.name}`;
      const kind: EntryKind = d.isSymbolicLink() ? 'symlink' : d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other';
      entries.push({ path: rel, kind });
      if (kind === 'dir') subdirs.push(rel);
    }
    await Promise.all(subdirs.map(walk));
  }
  await walk('');
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  await Promise.all(
    entries.map(async (entry) => {
      if (entry.kind === 'other') {
        problems.push(problem(entry.path, '', 'not a regular file, folder or symbolic link'));
      } else if (entry.kind === 'symlink') {
        const linkProblem = await checkLink(root, entry.path);
        if (linkProblem) problems.push(problem(entry.path, '', linkProblem));
      }
    }),
  );
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const grading = new Set<string>();
  for (const e of entries) {
    const g = gradingRoot(e.path);
    if (g) grading.add(g);
  }
  return { root, entries, gradingMaterial: [...grading].sort(), problems };
}

async function checkLink(root: string, rel: string): Promise<string | null> {
  if (mustNotBeLink(rel)) return 'must be a real file or folder, not a symbolic link';
  let target: string;
  try {
    target = await realpath(path.join(root, rel));
  } catch (error) {
    return `broken symbolic link (${errorCode(error)})`;
  }
  if (!isInside(root, target)) return 'symbolic link resolves outside the package';
  const targetRel = path.relative(root, target).split(path.sep).join('/');
  if (!isGradingPath(rel) && isGradingPath(targetRel)) {
    return `symbolic link points into grading material (${targetRel}), which a delivery package leaves out`;
  }
  return null;
}

export type ResolvedKind = 'file' | 'dir' | 'other' | 'missing' | 'outside' | 'unreadable';

/**
 * What a package-relative path names, following links but never leaving the package. `rel` must
 * already be a relative path (the schemas refuse absolute ones); ".." is resolved lexically first.
 */
export async function resolveInPackage(root: string, rel: string): Promise<ResolvedKind> {
  const lexical = path.resolve(root, rel);
  if (!isInside(root, lexical)) return 'outside';
  try {
    const real = await realpath(lexical);
    if (!isInside(root, real)) return 'outside';
    const st = await stat(real);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch (error) {
    const code = errorCode(error);
    return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' ? 'missing' : 'unreadable';
  }
}
