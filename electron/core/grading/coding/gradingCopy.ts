import { constants } from 'node:fs';
import { chmod, cp, lstat, mkdir, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { VigilError } from '../../../../shared/errors.js';
import { archiveWorkspace } from '../../workspace/archiveWorkspace.js';
import { extractWorkspaceArchive } from '../../workspace/extractWorkspaceArchive.js';
import type { SkippedEntry } from '../../workspace/workspaceArchiveRules.js';

/**
 * The fresh folders grading runs in (DESIGN 7): a copy of the submitted workspace (never the
 * workspace itself) with the task's hidden files added under `hidden/`.
 */

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function pathKind(path: string): Promise<'dir' | 'file' | 'other' | 'missing'> {
  try {
    const st = await lstat(path);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
  } catch (err) {
    if (errnoOf(err) === 'ENOENT' || errnoOf(err) === 'ENOTDIR') return 'missing';
    throw new VigilError('storage', `cannot read ${path}: ${message(err)}`);
  }
}

/** A new empty folder under `workRoot` for one run. */
export async function makeRunDir(workRoot: string): Promise<string> {
  try {
    await mkdir(workRoot, { recursive: true });
    return await mkdtemp(join(workRoot, 'vigil-grade-'));
  } catch (err) {
    throw new VigilError('storage', `cannot create a grading folder in ${workRoot}: ${message(err)}`);
  }
}

/**
 * Removes a run folder whatever the run did to it: test code may have made folders unwritable
 * (chmod 000), which stops a plain recursive rm, so permissions are restored and it tries again.
 */
export async function removeTree(dir: string): Promise<void> {
  try {
    await rm(dir, { recursive: true, force: true });
    return;
  } catch (err) {
    const code = errnoOf(err);
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'ENOTEMPTY') throw new VigilError('storage', `cannot remove the grading folder ${dir}: ${message(err)}`);
  }
  await restorePermissions(dir);
  try {
    await rm(dir, { recursive: true, force: true });
  } catch (err) {
    throw new VigilError('storage', `cannot remove the grading folder ${dir}: ${message(err)}`);
  }
}

async function restorePermissions(dir: string): Promise<void> {
  try {
    await chmod(dir, 0o700);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await restorePermissions(join(dir, entry.name));
    }
  } catch (err) {
    if (errnoOf(err) !== 'ENOENT') throw new VigilError('storage', `cannot remove the grading folder ${dir}: ${message(err)}`);
  }
}

/** Copies an author's folder (starter, solution, hidden) over `dest`, links kept as they are. */
export async function overlayPackageFolder(src: string, dest: string): Promise<void> {
  try {
    await cp(src, dest, { recursive: true, force: true, verbatimSymlinks: true });
  } catch (err) {
    throw new VigilError('storage', `cannot copy ${src} into the grading folder: ${message(err)}`);
  }
}

/**
 * Puts the task's hidden files at `<root>/hidden/`. Whatever the submission had there goes first:
 * a candidate cannot plant their own "hidden tests" (or a link named hidden) to be run instead.
 */
export async function addHiddenFiles(root: string, hiddenDir: string): Promise<void> {
  await removeTree(join(root, 'hidden'));
  await overlayPackageFolder(hiddenDir, join(root, 'hidden'));
}

/** A submitted workspace: a folder (practice mode, `vigil grade`) or the result's archive (the hub). */
export type Submission = { workspace: string } | { archive: Buffer };

export type LoadedSubmission = { ok: true; skipped: SkippedEntry[] } | { ok: false; feedback: string };

/**
 * Fills the empty folder `dest` with the submission. A folder is archived and extracted exactly as
 * submitting would (same exclusions, cap and link rules), so practice grading sees what the hub
 * would; the folder is only read. A missing folder or a refused archive is the candidate's
 * problem (data); a disk failure is the grader's (VigilError 'storage').
 */
export async function loadSubmission(submission: Submission, dest: string): Promise<LoadedSubmission> {
  let archive: Buffer;
  let skipped: SkippedEntry[] = [];
  if ('workspace' in submission) {
    try {
      const packed = await archiveWorkspace(submission.workspace);
      archive = packed.archive;
      skipped = packed.skipped;
    } catch (err) {
      if (err instanceof VigilError && (err.code === 'not-found' || err.code === 'invalid-params')) return { ok: false, feedback: `nothing to grade: ${err.message}` };
      throw err;
    }
  } else {
    archive = submission.archive;
  }
  try {
    await extractWorkspaceArchive(archive, dest);
  } catch (err) {
    if (err instanceof VigilError && err.code === 'invalid-params') return { ok: false, feedback: `the submitted workspace cannot be graded: ${err.message}` };
    throw err;
  }
  return { ok: true, skipped };
}

/**
 * Reads a report file the run wrote (junit.xml) without following a link out of the copy and
 * without blocking on a FIFO; null when there is no regular file there. At most `capBytes`.
 */
export async function readRunFile(path: string, capBytes: number): Promise<{ text: string; truncated: boolean } | null> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'EACCES' || code === 'ENXIO' || code === 'EISDIR') return null;
    throw new VigilError('storage', `cannot read ${path}: ${message(err)}`);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return null;
    const size = Math.min(st.size, capBytes);
    const data = Buffer.alloc(size);
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(data, offset, size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return { text: data.subarray(0, offset).toString('utf8'), truncated: st.size > capBytes };
  } finally {
    await handle.close();
  }
}
