import { randomBytes } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { lstat, mkdir, open, readdir, readlink, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { VigilError } from '../../../shared/errors.js';
import { WORKSPACE_MAX_FILE_CHARS, type WorkspaceEntry } from '../../../shared/workspace.js';
import { IGNORED_NAMES, SAVE_TEMP_PREFIX, watchWorkspace, type WorkspaceWatcher } from './workspaceWatcher.js';

/**
 * The editor's access to a coding item's workspace (DESIGN 7): list, read and write files, and
 * report changes made on disk (by the shell) so open editors refresh.
 *
 * The workspace is writable by the candidate's sandboxed shell, so anything in it may be a symlink
 * planted to make the app (which runs unsandboxed) read or write outside it: the exam key, the
 * journal, the real home. Every path is therefore resolved with realpath and refused unless it
 * stays inside the workspace. A link swapped in between that check and the open is caught too: on
 * Linux the opened file's real path is read back from /proc/self/fd, and writes go through the
 * opened parent folder's descriptor (`/proc/self/fd/N/name`), which no later swap can redirect.
 * Elsewhere the realpath check is the defence (best effort, as for the sandbox itself).
 */

/** More entries than this and the listing stops: a tree UI is no use beyond it anyway. */
export const WORKSPACE_LIST_MAX_ENTRIES = 2_000;
/** UTF-8 takes at most 4 bytes a character: a larger file cannot be within the character cap. */
const MAX_FILE_BYTES = WORKSPACE_MAX_FILE_CHARS * 4;

export interface WorkspaceFilesOptions {
  /** Relative paths (forward slashes) changed in an item's workspace, debounced. */
  onChange(itemId: string, paths: string[]): void;
  debounceMs?: number;
  /** Where watcher problems are reported; defaults to stderr. */
  log?: (line: string) => void;
}

const PROC_FD = '/proc/self/fd';
const procFdAvailable = (): boolean => process.platform === 'linux' && existsSync(PROC_FD);

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function isWithin(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/** The segments of a workspace path, or VigilError: relative, forward slashes, no `.`/`..`/empty parts. */
export function pathSegments(path: string): string[] {
  if (typeof path !== 'string' || path.length === 0 || path.length > 512) throw new VigilError('invalid-params', 'params.path: must be a relative path of 1 to 512 characters');
  if (isAbsolute(path) || path.startsWith('/') || path.includes('\\') || path.includes('\0')) {
    throw new VigilError('forbidden', `params.path: ${JSON.stringify(path)} is not a relative path inside the workspace`);
  }
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new VigilError('forbidden', `params.path: ${JSON.stringify(path)} must not contain empty, "." or ".." parts`);
  }
  return segments;
}

/**
 * What a file changing under us looks like: the shell swapped a file for a link or a folder, or
 * removed it, between two steps of a request. That is a conflict with the candidate's own shell,
 * not a fault of the app, and the editor retries or reloads.
 */
const RACE_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP', 'EEXIST', 'ENOTEMPTY']);

function storageError(error: unknown, action: string, path: string): VigilError {
  if (error instanceof VigilError) return error;
  const code = errno(error);
  if (code === undefined) throw error;
  if (RACE_CODES.has(code)) return new VigilError('conflict', `${path} changed while Vigil tried to ${action} it (${code}); try again`, { path, code });
  if (code === 'EINVAL' || code === 'ENAMETOOLONG') return new VigilError('invalid-params', `cannot ${action} ${path}: ${(error as Error).message}`, { path, code });
  return new VigilError('storage', `could not ${action} ${path}: ${(error as Error).message}`, { path, code });
}

/** Runs one request; a file-system error any step did not name itself still becomes a VigilError. */
async function asRequest<T>(action: string, path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw storageError(error, action, path);
  }
}

/** Compares by code point per path, folders before files at each level (the order a tree shows). */
function treeOrder(a: WorkspaceEntry, b: WorkspaceEntry): number {
  const pa = a.path.split('/');
  const pb = b.path.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const sa = pa[i] as string;
    const sb = pb[i] as string;
    if (sa === sb) continue;
    // At the first difference: is each side a folder at this level (it has more parts, or is a dir)?
    const aDir = i < pa.length - 1 || a.kind === 'dir';
    const bDir = i < pb.length - 1 || b.kind === 'dir';
    if (aDir !== bDir) return aDir ? -1 : 1;
    return sa < sb ? -1 : 1;
  }
  return pa.length - pb.length;
}

export class WorkspaceFiles {
  private readonly watchers = new Map<string, WorkspaceWatcher>();
  private readonly debounceMs: number;

  constructor(private readonly opts: WorkspaceFilesOptions) {
    this.debounceMs = opts.debounceMs ?? 100;
  }

  /** Starts reporting changes under `dir` as `itemId`'s; a second call for the same item does nothing. */
  watch(itemId: string, dir: string): void {
    if (this.watchers.has(itemId)) return;
    try {
      const watcher = watchWorkspace({
        dir,
        debounceMs: this.debounceMs,
        onChange: (paths) => this.opts.onChange(itemId, paths),
        onError: (error) => this.log(`workspace watcher for ${itemId}: ${error.message}`),
      });
      this.watchers.set(itemId, watcher);
    } catch (error) {
      // Watching is a convenience (the editor also re-reads on open): never fail the request for it.
      this.log(`cannot watch the workspace of ${itemId}: ${(error as Error).message}`);
    }
  }

  /** Stops reporting changes of one item (its workspace is about to be replaced). */
  unwatch(itemId: string): void {
    this.watchers.get(itemId)?.close();
    this.watchers.delete(itemId);
  }

  unwatchAll(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  /**
   * Every file and folder under `dir`, breadth first up to WORKSPACE_LIST_MAX_ENTRIES (so a huge
   * sub-folder cannot hide the top level), returned in tree order. node_modules and .git are left
   * out. A link is listed as what it points to when that lies inside the workspace (a folder link
   * is not descended: it may loop) and left out when it leads out or dangles.
   */
  list(dir: string): Promise<{ entries: WorkspaceEntry[]; truncated: boolean }> {
    return asRequest('list', '.', async () => {
      const root = await this.root(dir);
      const entries: WorkspaceEntry[] = [];
      let truncated = false;
      const queue: string[] = [''];
      walk: while (queue.length > 0) {
        const relDir = queue.shift() as string;
        let names;
        try {
          names = await readdir(relDir ? join(root, relDir) : root, { withFileTypes: true });
        } catch (error) {
          // A folder removed (or made unreadable) by the shell while we list: leave it out.
          if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR' || errno(error) === 'EACCES') continue;
          throw storageError(error, 'list', relDir || '.');
        }
        names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const d of names) {
          if (IGNORED_NAMES.has(d.name) || d.name.startsWith(SAVE_TEMP_PREFIX)) continue;
          const rel = relDir ? `${relDir}/${d.name}` : d.name;
          const abs = join(root, rel);
          const entry = await this.describe(root, abs, rel);
          if (!entry) continue;
          if (entries.length >= WORKSPACE_LIST_MAX_ENTRIES) {
            truncated = true;
            break walk;
          }
          entries.push(entry.entry);
          if (entry.descend) queue.push(rel);
        }
      }
      entries.sort(treeOrder);
      return { entries, truncated };
    });
  }

  /** A text file's content. Refuses missing files, folders, binaries, huge files and paths leading out. */
  read(dir: string, path: string): Promise<{ content: string; mtimeMs: number }> {
    return asRequest('read', path, async () => {
      const segments = pathSegments(path);
      const root = await this.root(dir);
      const real = await this.resolveInside(root, join(root, ...segments), path);
      let handle: FileHandle;
      try {
        // O_NONBLOCK: opening a FIFO planted by the shell must not hang the app.
        handle = await open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
      } catch (error) {
        if (errno(error) === 'ENOENT') throw new VigilError('not-found', `${path} does not exist in the workspace`);
        if (errno(error) === 'ELOOP') throw new VigilError('forbidden', `${path} changed into a link while being opened`);
        throw storageError(error, 'open', path);
      }
      try {
        await this.checkOpenedInside(handle, root, path);
        const st = await handle.stat();
        if (st.isDirectory()) throw new VigilError('invalid-params', `${path} is a folder, not a file`);
        if (!st.isFile()) throw new VigilError('invalid-params', `${path} is not a regular file`);
        if (st.size > MAX_FILE_BYTES) throw new VigilError('invalid-params', `${path} is too large for the editor (${st.size} bytes)`, { size: st.size });
        const bytes = await handle.readFile();
        if (bytes.includes(0)) throw new VigilError('invalid-params', `${path} is a binary file: the editor opens text files only`, { binary: true });
        const content = bytes.toString('utf8');
        if (content.length > WORKSPACE_MAX_FILE_CHARS) {
          throw new VigilError('invalid-params', `${path} is too large for the editor (${content.length} characters, at most ${WORKSPACE_MAX_FILE_CHARS})`, { chars: content.length });
        }
        return { content, mtimeMs: st.mtimeMs };
      } finally {
        await handle.close();
      }
    });
  }

  /**
   * Replaces (or creates) a file atomically: a temp file in the same folder, fsync'ed, renamed over
   * the target, folder fsync'ed; missing parent folders are created. A link inside the workspace is
   * written through (the link stays); one leading out is refused. The file's mode is kept.
   */
  write(dir: string, path: string, content: string): Promise<{ mtimeMs: number }> {
    return asRequest('write', path, async () => {
      const segments = pathSegments(path);
      if (content.length > WORKSPACE_MAX_FILE_CHARS) throw new VigilError('invalid-params', `params.content: at most ${WORKSPACE_MAX_FILE_CHARS} characters`);
      const root = await this.root(dir);
      const name = segments[segments.length - 1] as string;
      if (name.startsWith(SAVE_TEMP_PREFIX)) throw new VigilError('invalid-params', `${path}: names starting with ${SAVE_TEMP_PREFIX} are reserved`);
      let parent = await this.ensureFolder(root, segments.slice(0, -1), path);
      let target = join(parent, name);
      let mode = 0o644;
      try {
        const st = await lstat(target);
        if (st.isSymbolicLink()) {
          target = await this.resolveInside(root, target, path);
          parent = target.slice(0, target.lastIndexOf(sep)) || sep;
          const real = await stat(target);
          if (!real.isFile()) throw new VigilError('invalid-params', `${path} is not a regular file`);
          mode = real.mode & 0o7777;
        } else if (st.isDirectory()) {
          throw new VigilError('invalid-params', `${path} is a folder, not a file`);
        } else if (!st.isFile()) {
          throw new VigilError('invalid-params', `${path} is not a regular file`);
        } else {
          mode = st.mode & 0o7777;
        }
      } catch (error) {
        if (errno(error) !== 'ENOENT') throw storageError(error, 'inspect', path);
      }
      const targetName = target.slice(target.lastIndexOf(sep) + 1);
  
      let dirHandle: FileHandle | null = null;
      let base = parent;
      if (procFdAvailable()) {
        dirHandle = await open(parent, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0)).catch((error: unknown) => {
          throw storageError(error, 'open the folder of', path);
        });
        await this.checkOpenedInside(dirHandle, root, path);
        base = `${PROC_FD}/${dirHandle.fd}`;
      }
      const temp = `${base}/${SAVE_TEMP_PREFIX}${randomBytes(6).toString('hex')}`;
      try {
        const file = await open(temp, 'wx', mode).catch((error: unknown) => {
          throw storageError(error, 'create a temporary file for', path);
        });
        try {
          await file.writeFile(content, 'utf8');
          await file.chmod(mode); // the umask may have narrowed it
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temp, `${base}/${targetName}`);
        if (dirHandle) await dirHandle.sync();
        const st = await stat(`${base}/${targetName}`);
        return { mtimeMs: st.mtimeMs };
      } catch (error) {
        await unlink(temp).catch((cleanup: unknown) => {
          if (errno(cleanup) !== 'ENOENT') this.log(`could not remove the temporary file ${temp}: ${(cleanup as Error).message}`);
        });
        throw storageError(error, 'write', path);
      } finally {
        await dirHandle?.close();
      }
    });
  }

  // ---- internals ------------------------------------------------------------------------------

  private async root(dir: string): Promise<string> {
    try {
      return await realpath(dir);
    } catch (error) {
      if (errno(error) === 'ENOENT') throw new VigilError('not-found', 'the workspace folder does not exist');
      throw storageError(error, 'open the workspace', dir);
    }
  }

  /** The real path of `abs`, which must exist and lie inside `root`. */
  private async resolveInside(root: string, abs: string, path: string): Promise<string> {
    let real: string;
    try {
      real = await realpath(abs);
    } catch (error) {
      const code = errno(error);
      if (code === 'ENOENT') {
        // A dangling link is "missing"; but one that points out must not reveal whether its target exists.
        const link = await lstat(abs).catch(() => null);
        if (link?.isSymbolicLink()) await this.refuseLinkOut(root, abs, path);
        throw new VigilError('not-found', `${path} does not exist in the workspace`);
      }
      if (code === 'ENOTDIR') throw new VigilError('not-found', `${path} does not exist in the workspace`);
      if (code === 'ELOOP') throw new VigilError('forbidden', `${path} is a link loop`);
      throw storageError(error, 'resolve', path);
    }
    if (!isWithin(real, root)) throw new VigilError('forbidden', `${path} leads outside the workspace`);
    return real;
  }

  private async refuseLinkOut(root: string, abs: string, path: string): Promise<void> {
    const target = await readlink(abs);
    const resolved = isAbsolute(target) ? target : join(abs, '..', target);
    if (!isWithin(resolved, root)) throw new VigilError('forbidden', `${path} leads outside the workspace`);
  }

  /** On Linux, where the opened descriptor really is: catches a link swapped in after realpath. */
  private async checkOpenedInside(handle: FileHandle, root: string, path: string): Promise<void> {
    if (!procFdAvailable()) return;
    const opened = await readlink(`${PROC_FD}/${handle.fd}`);
    if (!isWithin(opened, root)) throw new VigilError('forbidden', `${path} leads outside the workspace`);
  }

  /** Creates the folders of `segments` under root, following links only where they stay inside. */
  private async ensureFolder(root: string, segments: string[], path: string): Promise<string> {
    let current = root;
    for (const segment of segments) {
      const next = join(current, segment);
      let st;
      try {
        st = await lstat(next);
      } catch (error) {
        if (errno(error) !== 'ENOENT') throw storageError(error, 'inspect', path);
        try {
          await mkdir(next);
        } catch (mkdirError) {
          if (errno(mkdirError) !== 'EEXIST') throw storageError(mkdirError, 'create a folder for', path);
        }
        st = await lstat(next);
      }
      if (st.isSymbolicLink()) {
        current = await this.resolveInside(root, next, path);
        if (!(await stat(current)).isDirectory()) throw new VigilError('invalid-params', `${relative(root, next)} is not a folder`);
      } else if (st.isDirectory()) {
        current = next;
      } else {
        throw new VigilError('invalid-params', `${relative(root, next).split(sep).join('/')} is a file, not a folder`);
      }
    }
    return current;
  }

  /** What `list` shows for one directory entry, or null to leave it out. */
  private async describe(root: string, abs: string, rel: string): Promise<{ entry: WorkspaceEntry; descend: boolean } | null> {
    let st;
    try {
      st = await lstat(abs);
    } catch (error) {
      if (errno(error) === 'ENOENT') return null;
      throw storageError(error, 'inspect', rel);
    }
    if (st.isSymbolicLink()) {
      let real: string;
      try {
        real = await realpath(abs);
      } catch (error) {
        const code = errno(error);
        if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR' || code === 'EACCES') return null;
        throw storageError(error, 'resolve', rel);
      }
      if (!isWithin(real, root)) return null;
      const target = await stat(real).catch(() => null);
      if (!target) return null;
      if (target.isDirectory()) return { entry: { path: rel, kind: 'dir', size: 0, mtimeMs: target.mtimeMs }, descend: false };
      if (target.isFile()) return { entry: { path: rel, kind: 'file', size: target.size, mtimeMs: target.mtimeMs }, descend: false };
      return null;
    }
    if (st.isDirectory()) return { entry: { path: rel, kind: 'dir', size: 0, mtimeMs: st.mtimeMs }, descend: true };
    if (st.isFile()) return { entry: { path: rel, kind: 'file', size: st.size, mtimeMs: st.mtimeMs }, descend: false };
    return null; // sockets, FIFOs, devices: nothing an editor can open
  }

  private log(line: string): void {
    (this.opts.log ?? ((l: string) => process.stderr.write(`vigil: ${l}\n`)))(line);
  }
}
