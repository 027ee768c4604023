import { randomBytes } from 'node:crypto';
import { chmod, copyFile, lstat, mkdir, readdir, readlink, realpath, rename, rm, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { VigilError } from '../../../shared/errors.js';

/**
 * The candidate's workspace for a coding item (DESIGN 7): `<attemptDir>/workspace/<itemId>/`,
 * copied from the task's `starter/` the first time and never again, so a restarted app finds the
 * candidate's work as it was left. A multi-language task keeps one starter per language
 * (`<task>/<language>/starter/`, DESIGN 13): the caller passes the language the candidate picked.
 *
 * The copy is built in a temporary sibling and renamed into place, so a crash mid-copy leaves no
 * half workspace that a restart would take for the real one.
 *
 * Links never lead out of the starter: a symlink whose target stays inside the starter is copied
 * as a relative link; one that points outside (or is absolute, or dangles) is left out and
 * reported. Sockets, FIFOs and devices are left out too.
 */

const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const TEMP_PREFIX = '.tmp-';

export interface PrepareWorkspaceOptions {
  /** The exam package folder. */
  packageDir: string;
  /** The coding item's `task`, e.g. "tasks/sum". */
  task: string;
  /** The attempt's folder in the app data. */
  attemptDir: string;
  itemId: string;
  /** The picked language of a multi-language task: its starter is `<task>/<language>/starter`. */
  language?: string;
}

export interface SkippedEntry {
  /** Path relative to the starter, forward slashes. */
  path: string;
  reason: string;
}

export interface PreparedWorkspace {
  /** Absolute path of the workspace. */
  dir: string;
  /** False when the workspace already existed and was left untouched. */
  created: boolean;
  /** Starter entries not copied, with why. Empty when `created` is false. */
  skipped: SkippedEntry[];
}

function isWithin(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

async function existsPath(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Path of an item's workspace, without touching the disk. */
export function workspaceDirFor(attemptDir: string, itemId: string): string {
  if (!ITEM_ID.test(itemId)) throw new VigilError('invalid-params', `item id ${JSON.stringify(itemId)} cannot name a workspace`);
  return join(resolve(attemptDir), 'workspace', itemId);
}

export async function prepareWorkspace(options: PrepareWorkspaceOptions): Promise<PreparedWorkspace> {
  const dir = workspaceDirFor(options.attemptDir, options.itemId);
  if (await existsPath(dir)) return { dir, created: false, skipped: [] };

  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  await removeStaleTemps(parent, options.itemId);

  const starter = await resolveStarter(options.packageDir, options.language ? `${options.task}/${options.language}` : options.task);
  // The pid in the name lets a racing prepare tell a live copy (keep it) from a crashed one (remove it).
  const temp = join(parent, `${TEMP_PREFIX}${options.itemId}-${process.pid}-${randomBytes(6).toString('hex')}`);
  await mkdir(temp);
  const skipped: SkippedEntry[] = [];
  try {
    if (starter) await copyTree(starter, starter, temp, skipped);
    await rename(temp, dir);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    // Someone else (a second window, a racing call) created it first: theirs stands.
    if ((code === 'EEXIST' || code === 'ENOTEMPTY') && (await existsPath(dir))) return { dir, created: false, skipped: [] };
    if (err instanceof VigilError) throw err;
    throw new VigilError('storage', `cannot create the workspace ${dir}: ${(err as Error).message}`);
  }
  return { dir, created: true, skipped };
}

/**
 * Removes an item's workspace (a language switch starts over from the new language's starter).
 * Renamed aside first, so a crash mid-removal leaves a stale temp (cleaned up by the next
 * prepare), never a half-deleted workspace taken for the candidate's work.
 */
export async function removeWorkspace(attemptDir: string, itemId: string): Promise<void> {
  const dir = workspaceDirFor(attemptDir, itemId);
  if (!(await existsPath(dir))) return;
  // pid 0 is never alive: removeStaleTemps takes this aside copy for a crashed one.
  const aside = join(dirname(dir), `${TEMP_PREFIX}${itemId}-0-${randomBytes(6).toString('hex')}`);
  await rename(dir, aside);
  await rm(aside, { recursive: true, force: true });
}

/**
 * Removes an item's workspace if it exists and holds nothing. Before language picks, a
 * multi-language item's workspace was created from the task root's (absent) starter, i.e. empty:
 * an attempt carried over from then gets its picked language's starter instead of staying empty.
 * A workspace with anything in it is the candidate's and stays.
 */
export async function removeEmptyWorkspace(attemptDir: string, itemId: string): Promise<boolean> {
  const dir = workspaceDirFor(attemptDir, itemId);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  if (names.length > 0) return false;
  await removeWorkspace(attemptDir, itemId);
  return true;
}

/** The starter folder's real path, checked to lie inside the package; null when there is none. */
async function resolveStarter(packageDir: string, task: string): Promise<string | null> {
  const pkg = await realpath(packageDir);
  const wanted = resolve(pkg, task, 'starter');
  if (!isWithin(wanted, pkg)) throw new VigilError('package-invalid', `task ${task} lies outside the package`);
  if (!(await existsPath(wanted))) return null; // a task may start from an empty workspace
  const real = await realpath(wanted);
  if (!isWithin(real, pkg)) throw new VigilError('package-invalid', `${task}/starter links outside the package`);
  if (!(await lstat(real)).isDirectory()) throw new VigilError('package-invalid', `${task}/starter is not a folder`);
  return real;
}

async function removeStaleTemps(parent: string, itemId: string): Promise<void> {
  const prefix = `${TEMP_PREFIX}${itemId}-`;
  for (const name of await readdir(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue; // another prepare is still copying
    await rm(join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function copyTree(root: string, from: string, to: string, skipped: SkippedEntry[]): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dest = join(to, entry.name);
    const rel = relative(root, src).split(sep).join('/');
    const st = await lstat(src);
    if (st.isDirectory()) {
      await mkdir(dest, { mode: st.mode & 0o777 });
      await copyTree(root, src, dest, skipped);
      // Applied after the contents: a read-only starter folder must not block its own copy.
      await chmod(dest, (st.mode & 0o777) | 0o700);
    } else if (st.isFile()) {
      await copyFile(src, dest);
      await chmod(dest, (st.mode & 0o777) | 0o600);
    } else if (st.isSymbolicLink()) {
      const target = await readlink(src);
      const reason = await linkProblem(root, src, target);
      if (reason) skipped.push({ path: rel, reason });
      else await symlink(target, dest);
    } else {
      skipped.push({ path: rel, reason: 'not a regular file, folder or link' });
    }
  }
}

/** Why a link cannot be copied, or null when it stays inside the starter. */
async function linkProblem(root: string, linkPath: string, target: string): Promise<string | null> {
  if (isAbsolute(target)) return `absolute link to ${target}`;
  if (!isWithin(resolve(dirname(linkPath), target), root)) return `link to ${target} leads out of the starter`;
  let real: string;
  try {
    real = await realpath(linkPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP') return `link to ${target} does not resolve (${code})`;
    throw err;
  }
  // A chain of links inside the starter may still end outside it.
  return isWithin(real, root) ? null : `link to ${target} resolves outside the starter`;
}
