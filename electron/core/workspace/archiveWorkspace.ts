import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header, Pax, type HeaderData } from 'tar';
import { VigilError } from '../../../shared/errors.js';
import type { ResultWorkspace } from '../../../shared/result.js';
import {
  ARCHIVE_MTIME,
  isWithin,
  resolveLinkTarget,
  MAX_ENTRY_DEPTH,
  MAX_ENTRY_PATH_BYTES,
  MAX_LISTED_SKIPS,
  WORKSPACE_MAX_BYTES,
  WORKSPACE_MAX_ENTRIES,
  type SkippedEntry,
} from './workspaceArchiveRules.js';

/**
 * The archive of a coding item's workspace that goes into the result at submit (DESIGN 7, 8).
 *
 * - Dependencies and build outputs are left out (DEFAULT_WORKSPACE_EXCLUDES).
 * - Content is capped (20 MB of file bytes by default). Over the cap the biggest files are left
 *   out, one by one, until the rest fits, and listed in `skipped`: a stray log file must not cost
 *   the candidate the whole workspace, and submitting must never fail because of what is in it.
 * - Links never lead out: a symlink whose target stays inside the workspace is stored as a link
 *   (dangling ones too: they are harmless); absolute targets and targets that lead or resolve
 *   outside are left out and listed. Sockets, FIFOs and devices are left out and listed.
 * - Entry paths are relative, with forward slashes and never `..`.
 * - Deterministic: entries sorted by name, fixed mtime, uid/gid 0, no user names, modes 0644 /
 *   0755 (executables, folders), gzip header without timestamp and with a fixed OS byte. The same
 *   tree gives the same bytes, so the same sha256, with the same Vigil build (another zlib version
 *   may compress differently).
 *
 * Archive the workspace once nothing writes to it any more (the terminal is stopped at submit):
 * files are opened without following a final symlink, but a process still running could swap a
 * folder for a link between the walk and the read.
 */

/**
 * Left out at any depth: dependencies, VCS data, Python caches. Left out at the workspace root
 * only ("/name"): build outputs, whose names are too common to drop deeper (a `src/build/` folder
 * can be source code).
 */
export const DEFAULT_WORKSPACE_EXCLUDES: readonly string[] = [
  'node_modules',
  '.git',
  '__pycache__',
  '*.pyc',
  '/dist',
  '/build',
  '/out',
  '/coverage',
  '/.next',
  '/target',
];

export interface ArchiveWorkspaceOptions {
  /** Most file content, in bytes (default WORKSPACE_MAX_BYTES, 20 MB). */
  maxBytes?: number;
  /** Most entries (default WORKSPACE_MAX_ENTRIES). */
  maxEntries?: number;
  /**
   * Extra patterns to leave out, added to DEFAULT_WORKSPACE_EXCLUDES: `name` matches a file or
   * folder of that name at any depth, `/path` a relative path from the workspace root, `*.ext`
   * any file whose name ends with `.ext`.
   */
  exclude?: readonly string[];
}

export interface WorkspaceArchive {
  /** The tar.gz bytes. */
  archive: Buffer;
  /** Hex SHA-256 of `archive`. */
  sha256: string;
  /** Regular files stored. */
  files: number;
  /** Their content, in bytes (uncompressed). */
  bytes: number;
  /** Every entry stored: files, folders and links. */
  entries: number;
  /** What was left out besides the excluded patterns' contents, in walk order then by size. */
  skipped: SkippedEntry[];
}

type Planned =
  | { kind: 'dir'; path: string }
  | { kind: 'file'; path: string; abs: string; size: number; executable: boolean }
  | { kind: 'symlink'; path: string; target: string };

interface WalkState {
  root: string;
  realRoot: string;
  excludes: readonly string[];
  maxEntries: number;
  planned: Planned[];
  skipped: SkippedEntry[];
  full: boolean;
}

function matchesExclude(pattern: string, segments: readonly string[]): boolean {
  const name = segments[segments.length - 1] ?? '';
  if (pattern.startsWith('/')) return segments.join('/') === pattern.slice(1).replace(/\/+$/, '');
  if (pattern.startsWith('*')) return name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1;
  return name === pattern;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** A file that vanished or cannot be read is the candidate's business: left out, never a failed submit. */
function unreadableReason(err: unknown): string | null {
  const code = errnoOf(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'vanished while archiving';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'ELOOP') return 'changed into a link while archiving';
  if (code === 'ENAMETOOLONG') return 'its path is too long for this system';
  return null;
}

function storageError(what: string, err: unknown): VigilError {
  return new VigilError('storage', `cannot archive the workspace: ${what}: ${err instanceof Error ? err.message : String(err)}`);
}

async function walk(state: WalkState, absDir: string, segments: string[]): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(absDir)).sort(byName);
  } catch (err) {
    const reason = unreadableReason(err);
    if (reason === null) throw storageError(`reading ${absDir}`, err);
    state.skipped.push({ path: segments.join('/'), reason: `folder ${reason}` });
    return;
  }
  for (const name of names) {
    if (state.full) return;
    const segs = [...segments, name];
    const path = segs.join('/');
    if (state.excludes.some((p) => matchesExclude(p, segs))) continue;
    if (state.planned.length >= state.maxEntries) {
      state.full = true;
      state.skipped.push({ path, reason: `the workspace has more than ${state.maxEntries} entries: this one and every later one (in name order) are left out` });
      return;
    }
    // The same rules the reader applies (extractWorkspaceArchive): what it would refuse is left out
    // here and listed, so the rest still seals.
    if (segs.length > MAX_ENTRY_DEPTH) {
      state.skipped.push({ path: segments.join('/'), reason: `nested deeper than ${MAX_ENTRY_DEPTH} folders: everything inside is left out` });
      return;
    }
    if (Buffer.byteLength(path) > MAX_ENTRY_PATH_BYTES) {
      state.skipped.push({ path: `${path.slice(0, 200)}…`, reason: `its path is longer than ${MAX_ENTRY_PATH_BYTES} bytes` });
      continue;
    }
    const abs = join(absDir, name);
    let st: Stats;
    try {
      st = await lstat(abs);
    } catch (err) {
      const reason = unreadableReason(err);
      if (reason === null) throw storageError(`reading ${abs}`, err);
      state.skipped.push({ path, reason });
      continue;
    }
    if (st.isDirectory()) {
      state.planned.push({ kind: 'dir', path });
      await walk(state, abs, segs);
    } else if (st.isFile()) {
      state.planned.push({ kind: 'file', path, abs, size: st.size, executable: (st.mode & 0o100) !== 0 });
    } else if (st.isSymbolicLink()) {
      const problem = await linkProblem(state, abs, segs);
      if (typeof problem === 'string') state.skipped.push({ path, reason: problem });
      else state.planned.push({ kind: 'symlink', path, target: problem.target });
    } else {
      state.skipped.push({ path, reason: 'not a regular file, folder or link' });
    }
  }
}

/** The link's target when it stays inside the workspace, else why it is left out. */
async function linkProblem(state: WalkState, abs: string, segments: string[]): Promise<string | { target: string }> {
  let target: string;
  try {
    target = await readlink(abs);
  } catch (err) {
    const reason = unreadableReason(err);
    if (reason === null) throw storageError(`reading the link ${abs}`, err);
    return reason;
  }
  if (target.startsWith('/')) return `absolute link to ${target}`;
  if (resolveLinkTarget(segments, target) === null) return `link to ${target} leads out of the workspace`;
  try {
    // A chain of links, each inside, may still end outside.
    const real = await realpath(abs);
    if (!isWithin(real, state.realRoot)) return `link to ${target} resolves outside the workspace`;
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ELOOP') return `link to ${target} is a loop`;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw storageError(`resolving the link ${abs}`, err);
    // Dangling but inside: kept, it can only ever point into the extracted tree.
  }
  return { target };
}

/** The biggest files go first until the rest fits under the cap. */
function applySizeCap(planned: Planned[], maxBytes: number, skipped: SkippedEntry[]): Planned[] {
  const files = planned.filter((p): p is Extract<Planned, { kind: 'file' }> => p.kind === 'file');
  let total = files.reduce((sum, f) => sum + f.size, 0);
  if (total <= maxBytes) return planned;
  const dropped = new Set<string>();
  const biggestFirst = [...files].sort((a, b) => b.size - a.size || byName(a.path, b.path));
  for (const f of biggestFirst) {
    if (total <= maxBytes) break;
    dropped.add(f.path);
    total -= f.size;
    skipped.push({ path: f.path, reason: `${formatBytes(f.size)}: left out to keep the workspace under ${formatBytes(maxBytes)}` });
  }
  return planned.filter((p) => !dropped.has(p.path));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

/** Reads a planned file without following a final symlink; null (and a skipped entry) when it changed. */
async function readPlannedFile(file: Extract<Planned, { kind: 'file' }>, budget: number, skipped: SkippedEntry[]): Promise<Buffer | null> {
  let handle;
  try {
    handle = await open(file.abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const reason = unreadableReason(err);
    if (reason === null) throw storageError(`opening ${file.abs}`, err);
    skipped.push({ path: file.path, reason });
    return null;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      skipped.push({ path: file.path, reason: 'changed while archiving' });
      return null;
    }
    if (st.size > budget) {
      skipped.push({ path: file.path, reason: `grew to ${formatBytes(st.size)} while archiving: over the workspace cap` });
      return null;
    }
    const data = Buffer.alloc(st.size);
    let offset = 0;
    while (offset < data.length) {
      const { bytesRead } = await handle.read(data, offset, data.length - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return offset === data.length ? data : data.subarray(0, offset);
  } catch (err) {
    const reason = unreadableReason(err);
    if (reason === null) throw storageError(`reading ${file.abs}`, err);
    skipped.push({ path: file.path, reason });
    return null;
  } finally {
    await handle.close();
  }
}

/** Header (plus a PAX header for long or non-ASCII paths), content padded to 512-byte blocks. */
function tarEntry(data: HeaderData, content?: Buffer): Buffer[] {
  const fields: HeaderData = { ...data, uid: 0, gid: 0, uname: '', gname: '', mtime: ARCHIVE_MTIME };
  const header = new Header(fields);
  const out: Buffer[] = [];
  if (header.encode()) out.push(new Pax({ path: fields.path, linkpath: fields.linkpath || undefined }).encode());
  if (!header.block) throw new VigilError('internal', `cannot encode a tar header for ${fields.path}`);
  out.push(header.block);
  if (content && content.length > 0) {
    out.push(content);
    const pad = (512 - (content.length % 512)) % 512;
    if (pad > 0) out.push(Buffer.alloc(pad));
  }
  return out;
}

/** gzip's OS byte (offset 9): "Unix", whatever platform zlib was built for. */
const GZIP_OS_UNIX = 3;

/** Archives a workspace folder (see the module comment for what goes in). */
export async function archiveWorkspace(workspaceDir: string, options: ArchiveWorkspaceOptions = {}): Promise<WorkspaceArchive> {
  const maxBytes = options.maxBytes ?? WORKSPACE_MAX_BYTES;
  const maxEntries = options.maxEntries ?? WORKSPACE_MAX_ENTRIES;
  let st: Stats;
  try {
    // The folder itself may be reached through a link (a path the user typed); inside, none is followed.
    st = await stat(workspaceDir);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') throw new VigilError('not-found', `no workspace at ${workspaceDir}`);
    throw storageError(`reading ${workspaceDir}`, err);
  }
  if (!st.isDirectory()) throw new VigilError('invalid-params', `the workspace ${workspaceDir} is not a folder`);

  const state: WalkState = {
    root: workspaceDir,
    realRoot: await realpath(workspaceDir),
    excludes: [...DEFAULT_WORKSPACE_EXCLUDES, ...(options.exclude ?? [])],
    maxEntries,
    planned: [],
    skipped: [],
    full: false,
  };
  await walk(state, workspaceDir, []);
  const planned = applySizeCap(state.planned, maxBytes, state.skipped);

  const chunks: Buffer[] = [];
  let files = 0;
  let bytes = 0;
  let entries = 0;
  for (const entry of planned) {
    if (entry.kind === 'dir') {
      chunks.push(...tarEntry({ path: `${entry.path}/`, type: 'Directory', mode: 0o755, size: 0 }));
    } else if (entry.kind === 'symlink') {
      chunks.push(...tarEntry({ path: entry.path, type: 'SymbolicLink', mode: 0o777, size: 0, linkpath: entry.target }));
    } else {
      const content = await readPlannedFile(entry, maxBytes - bytes, state.skipped);
      if (content === null) continue;
      chunks.push(...tarEntry({ path: entry.path, type: 'File', mode: entry.executable ? 0o755 : 0o644, size: content.length }, content));
      files += 1;
      bytes += content.length;
    }
    entries += 1;
  }
  chunks.push(Buffer.alloc(1024)); // end of archive: two zero blocks
  const archive = gzipSync(Buffer.concat(chunks), { level: 9 });
  archive[9] = GZIP_OS_UNIX;
  const sha256 = createHash('sha256').update(archive).digest('hex');
  return { archive, sha256, files, bytes, entries, skipped: state.skipped };
}

/**
 * The result's `workspaces[itemId]` value (DESIGN 8), naming what was left out (at most
 * MAX_LISTED_SKIPS entries, then one line counting the rest) so the grader and proctor see it.
 */
export function toResultWorkspace(archive: Pick<WorkspaceArchive, 'archive' | 'sha256'> & { skipped?: readonly SkippedEntry[] }): ResultWorkspace {
  const out: ResultWorkspace = { archive: archive.archive.toString('base64'), sha256: archive.sha256 };
  const skipped = archive.skipped ?? [];
  if (skipped.length === 0) return out;
  const listed = skipped.slice(0, MAX_LISTED_SKIPS).map((s) => ({ path: s.path.slice(0, 1024), reason: s.reason.slice(0, 300) }));
  if (skipped.length > MAX_LISTED_SKIPS) listed.push({ path: '…', reason: `and ${skipped.length - MAX_LISTED_SKIPS} more left out` });
  return { ...out, skipped: listed };
}
