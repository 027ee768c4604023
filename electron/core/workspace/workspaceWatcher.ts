import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * Watches a workspace folder tree and reports which relative paths changed, debounced, so open
 * editors can refresh when the shell changes files (DESIGN 7).
 *
 * On Linux Node 20's `fs.watch(dir, {recursive: true})` is emulated in JavaScript with one watcher
 * per FILE and synchronous stat calls, and it cannot skip folders: an `npm install` would put
 * thousands of inotify watches on node_modules and block the event loop. So on Linux this keeps one
 * plain (inotify) watcher per folder, skipping the ignored names, and adds watchers for folders
 * created later. Where the OS watches trees natively (macOS, Windows) it uses `recursive: true`
 * and filters the reported paths.
 */

/** Folders never watched nor listed: dependencies and version control, too big and not the answer. */
export const IGNORED_NAMES: ReadonlySet<string> = new Set(['node_modules', '.git']);
/** Temp files of the editor's atomic saves (see workspaceFiles.ts): their rename is the change. */
export const SAVE_TEMP_PREFIX = '.vigil-save-';
/** A bound on inotify watches per workspace; deeper trees still report changes in the first ones. */
export const MAX_WATCHED_DIRS = 1_000;

export interface WorkspaceWatcherOptions {
  dir: string;
  debounceMs: number;
  /** Relative paths (forward slashes, sorted, no duplicates) changed since the last call. */
  onChange(paths: string[]): void;
  /** The watcher hit a problem it cannot fix by itself (e.g. no more inotify watches). */
  onError(error: Error): void;
  /** Defaults to `process.platform`; tests pin the Linux strategy. */
  platform?: NodeJS.Platform;
}

export interface WorkspaceWatcher {
  close(): void;
}

/** True when a relative path (forward slashes) lies in an ignored folder or is a save temp. */
export function isIgnoredPath(rel: string): boolean {
  const parts = rel.split('/');
  const name = parts[parts.length - 1] ?? '';
  return parts.some((p) => IGNORED_NAMES.has(p)) || name.startsWith(SAVE_TEMP_PREFIX);
}

function toRel(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

export function watchWorkspace(options: WorkspaceWatcherOptions): WorkspaceWatcher {
  const { dir, debounceMs } = options;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let firstPendingAt = 0;
  let closed = false;

  const flush = () => {
    timer = null;
    if (closed || pending.size === 0) return;
    const paths = [...pending].sort();
    pending.clear();
    options.onChange(paths);
  };

  /** Trailing debounce, but a steady stream of changes still reports every few debounce periods. */
  const note = (rel: string) => {
    if (closed || rel === '' || isIgnoredPath(rel)) return;
    const now = Date.now();
    if (pending.size === 0) firstPendingAt = now;
    pending.add(rel);
    if (timer) clearTimeout(timer);
    const wait = now - firstPendingAt >= debounceMs * 5 ? 0 : debounceMs;
    timer = setTimeout(flush, wait);
  };

  const platform = options.platform ?? process.platform;
  const watchers = platform === 'linux' ? watchPerFolder(dir, note, options.onError) : watchNative(dir, note, options.onError);

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
      watchers.close();
    },
  };
}

function watchNative(dir: string, note: (rel: string) => void, onError: (e: Error) => void): WorkspaceWatcher {
  const watcher = watch(dir, { recursive: true, persistent: false }, (_event, filename) => {
    if (filename) note(String(filename).split(sep).join('/'));
  });
  watcher.on('error', onError);
  return { close: () => watcher.close() };
}

function watchPerFolder(root: string, note: (rel: string) => void, onError: (e: Error) => void): WorkspaceWatcher {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;
  let warnedFull = false;

  const unwatchTree = (abs: string) => {
    for (const [path, w] of watchers) {
      if (path === abs || path.startsWith(abs + sep)) {
        w.close();
        watchers.delete(path);
      }
    }
  };

  /** Watches `abs` and its sub-folders; with `report`, existing entries count as changed (a new folder may be filled before its watch starts). */
  const add = async (abs: string, report: boolean): Promise<void> => {
    if (closed || watchers.has(abs)) return;
    if (watchers.size >= MAX_WATCHED_DIRS) {
      if (!warnedFull) onError(new Error(`workspace ${root} has more than ${MAX_WATCHED_DIRS} folders: changes deeper in it are not watched`));
      warnedFull = true;
      return;
    }
    let watcher: FSWatcher;
    try {
      watcher = watch(abs, { persistent: false }, (_event, filename) => {
        if (closed) return;
        if (!filename) {
          note(toRel(root, abs));
          return;
        }
        const child = join(abs, String(filename));
        const rel = toRel(root, child);
        if (isIgnoredPath(rel)) return;
        note(rel);
        void onChild(child);
      });
    } catch (error) {
      // The folder went away before its watch started; its parent already reported it.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      onError(error as Error);
      return;
    }
    watcher.on('error', (error) => {
      // A watched folder that is deleted ends its watcher; anything else is worth a log line.
      unwatchTree(abs);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'EPERM') onError(error);
    });
    watchers.set(abs, watcher);
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        unwatchTree(abs);
        return;
      }
      onError(error as Error);
      return;
    }
    for (const entry of entries) {
      const child = join(abs, entry.name);
      const rel = toRel(root, child);
      if (isIgnoredPath(rel)) continue;
      if (report) note(rel);
      // Dirent types come from lstat: a symlink to a folder is not descended (it may lead out).
      if (entry.isDirectory()) await add(child, report);
    }
  };

  const onChild = async (child: string): Promise<void> => {
    try {
      const st = await lstat(child);
      if (st.isDirectory()) await add(child, true);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') unwatchTree(child);
      else onError(error as Error);
    }
  };

  void add(root, false).catch(onError);
  return {
    close() {
      closed = true;
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
