import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, open, readdir, realpath, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { VigilError } from '../../../shared/errors.js';
import {
  checkEntryPath,
  isWithin,
  resolveLinkTarget,
  WORKSPACE_MAX_BYTES,
  WORKSPACE_MAX_ENTRIES,
} from './workspaceArchiveRules.js';

/**
 * Reads a workspace archive from a result (DESIGN 9: "archive entries are checked: no `..`, no
 * absolute paths, no links out"). Archives come from candidates' machines, so every entry is
 * checked and the whole archive is refused (VigilError 'invalid-params', nothing left behind) at
 * the first that breaks a rule:
 * - paths: relative, no `..`, no backslash or drive letter (checkEntryPath);
 * - types: files, folders, symlinks and hard links only (no devices, FIFOs, unknown types);
 * - symlinks: relative targets that stay inside, also once every link is in place (realpath);
 * - hard links: only to a file extracted earlier in the same archive (written as a copy);
 * - size: file content over `maxBytes`, more than `maxEntries` entries, or a decompressed stream
 *   far beyond what those allow (a gzip bomb of padding) stops the read at once;
 * - nothing is ever written through a link: every parent is checked to be a real folder, and files
 *   are created exclusively (a second entry for the same path is refused).
 */

export interface ExtractOptions {
  /** Most file content written, in bytes (default WORKSPACE_MAX_BYTES). */
  maxBytes?: number;
  /** Most entries accepted (default WORKSPACE_MAX_ENTRIES). */
  maxEntries?: number;
}

export interface ArchiveEntryInfo {
  /** Normalised relative path (no `./`, no trailing slash). */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  /** Content bytes (files, and the file a hard link copies; 0 for the rest). */
  size: number;
  mode: number;
  /** Symlink target as stored, or the normalised path a hard link names. */
  linkpath?: string;
}

export interface ExtractedWorkspace {
  files: number;
  bytes: number;
  entries: number;
}

interface ReadEntryData extends ArchiveEntryInfo {
  data: Buffer | null;
}

function refuse(message: string, details?: Record<string, unknown>): VigilError {
  return new VigilError('invalid-params', `workspace archive refused: ${message}`, details);
}

/** Decompressed bytes allowed: content, three header blocks per entry (PAX + header + padding), slack. */
function streamLimit(maxBytes: number, maxEntries: number): number {
  return maxBytes + maxEntries * 3 * 512 + 1024 * 1024;
}

/**
 * Parses and checks every entry in memory (content at most `maxBytes`), without touching the
 * disk. Rejects with a VigilError naming the first problem.
 */
async function readEntries(archive: Buffer, maxBytes: number, maxEntries: number, withData: boolean): Promise<ReadEntryData[]> {
  if (archive.length < 2 || archive[0] !== 0x1f || archive[1] !== 0x8b) throw refuse('not a gzip file');
  const limit = streamLimit(maxBytes, maxEntries);
  return new Promise<ReadEntryData[]>((resolve, reject) => {
    const entries: ReadEntryData[] = [];
    const filesByPath = new Map<string, ReadEntryData>();
    let contentBytes = 0;
    let streamBytes = 0;
    let allZero = true;
    let failed = false;
    const gunzip = createGunzip();
    const parser = new Parser({ strict: true, maxMetaEntrySize: 64 * 1024 });

    const fail = (error: VigilError) => {
      if (failed) return;
      failed = true;
      gunzip.destroy();
      reject(error);
    };

    const accept = (entry: ReadEntry) => {
      const where = { entry: entry.path };
      if (entries.length >= maxEntries) return fail(refuse(`more than ${maxEntries} entries`, where));
      const checked = checkEntryPath(entry.path);
      if (!checked.ok) return fail(refuse(`entry ${JSON.stringify(entry.path)} ${checked.reason}`, where));
      const mode = entry.mode ?? 0o644;
      switch (entry.type) {
        case 'File':
        case 'OldFile':
        case 'ContiguousFile': {
          const size = entry.size ?? 0;
          contentBytes += size;
          if (contentBytes > maxBytes) return fail(refuse(`more than ${maxBytes} bytes of content (at ${checked.path}, ${size} bytes)`, where));
          const item: ReadEntryData = { path: checked.path, type: 'file', size, mode, data: null };
          entries.push(item);
          filesByPath.set(item.path, item);
          if (withData) {
            const parts: Buffer[] = [];
            entry.on('data', (chunk: Buffer) => parts.push(chunk));
            entry.on('end', () => {
              item.data = Buffer.concat(parts);
            });
          }
          return;
        }
        case 'Directory':
          entries.push({ path: checked.path, type: 'dir', size: 0, mode, data: null });
          return;
        case 'SymbolicLink': {
          const target = entry.linkpath ?? '';
          if (resolveLinkTarget(checked.segments, target) === null) {
            return fail(refuse(`symlink ${checked.path} points out of the workspace (to ${JSON.stringify(target)})`, where));
          }
          entries.push({ path: checked.path, type: 'symlink', size: 0, mode, linkpath: target, data: null });
          return;
        }
        case 'Link': {
          const target = checkEntryPath(entry.linkpath ?? '');
          if (!target.ok) return fail(refuse(`hard link ${checked.path} points out of the workspace (to ${JSON.stringify(entry.linkpath)})`, where));
          const source = filesByPath.get(target.path);
          if (!source) return fail(refuse(`hard link ${checked.path} does not name a file stored before it (${target.path})`, where));
          contentBytes += source.size;
          if (contentBytes > maxBytes) return fail(refuse(`more than ${maxBytes} bytes of content (at ${checked.path})`, where));
          // size: the bytes the copy writes, so totals add up whichever way a file was stored.
          entries.push({ path: checked.path, type: 'hardlink', size: source.size, mode, linkpath: target.path, data: null });
          return;
        }
        default:
          return fail(refuse(`entry ${checked.path} is a ${entry.type}: only files, folders and links are allowed`, where));
      }
    };

    parser.on('entry', (entry: ReadEntry) => {
      if (failed) {
        entry.resume();
        return;
      }
      accept(entry);
      entry.resume();
    });
    parser.on('ignoredEntry', (entry: ReadEntry) => fail(refuse(`entry ${JSON.stringify(entry.path)} of type ${entry.type} is not allowed`, { entry: entry.path })));
    parser.on('error', (err: Error & { code?: string }) => {
      // An archive of an empty workspace is only the two zero end blocks; tar calls that "bad".
      if (err.code === 'TAR_BAD_ARCHIVE' && allZero && entries.length === 0 && streamBytes >= 1024) return;
      fail(refuse(`not a valid tar archive: ${err.message}`));
    });
    parser.on('end', () => {
      if (!failed) resolve(entries);
    });
    gunzip.on('data', (chunk: Buffer) => {
      if (failed) return;
      streamBytes += chunk.length;
      if (streamBytes > limit) return fail(refuse(`it decompresses to more than ${limit} bytes`));
      if (allZero && chunk.some((b) => b !== 0)) allZero = false;
      parser.write(chunk);
    });
    gunzip.on('end', () => {
      if (!failed) parser.end();
    });
    gunzip.on('error', (err) => fail(refuse(`not a valid gzip stream: ${err.message}`)));
    gunzip.end(archive);
  });
}

/** Every entry of a workspace archive, checked as extractWorkspaceArchive checks them, without writing anything. */
export async function listWorkspaceArchive(archive: Buffer, options: ExtractOptions = {}): Promise<ArchiveEntryInfo[]> {
  const entries = await readEntries(archive, options.maxBytes ?? WORKSPACE_MAX_BYTES, options.maxEntries ?? WORKSPACE_MAX_ENTRIES, false);
  return entries.map(({ data: _data, ...info }) => info);
}

/**
 * The regular files of a workspace archive with their content, in memory, checked as
 * extractWorkspaceArchive checks them (the hub's code similarity reads submissions this way).
 */
export async function readWorkspaceArchiveFiles(archive: Buffer, options: ExtractOptions = {}): Promise<Array<{ path: string; data: Buffer }>> {
  const entries = await readEntries(archive, options.maxBytes ?? WORKSPACE_MAX_BYTES, options.maxEntries ?? WORKSPACE_MAX_ENTRIES, true);
  return entries.flatMap((e) => (e.type === 'file' && e.data ? [{ path: e.path, data: e.data }] : []));
}

function fileMode(mode: number): number {
  return mode & 0o111 ? 0o755 : 0o644;
}

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** Creates (or checks) each parent folder of `segments` under `root`: a real folder, never a link. */
async function ensureParents(root: string, segments: readonly string[]): Promise<void> {
  let dir = root;
  for (const segment of segments.slice(0, -1)) {
    dir = join(dir, segment);
    await ensureDir(dir, segments.join('/'));
  }
}

async function ensureDir(dir: string, entryPath: string): Promise<void> {
  try {
    const st = await lstat(dir);
    if (!st.isDirectory()) throw refuse(`${entryPath} would be written through a ${st.isSymbolicLink() ? 'symlink' : 'file'}`);
  } catch (err) {
    if (errnoOf(err) !== 'ENOENT') throw err;
    await mkdir(dir, { mode: 0o755 });
  }
}

async function writeEntry(root: string, entry: ReadEntryData): Promise<void> {
  const segments = entry.path.split('/');
  await ensureParents(root, segments);
  const dest = join(root, ...segments);
  try {
    if (entry.type === 'dir') {
      await ensureDir(dest, entry.path);
    } else if (entry.type === 'file') {
      // "wx": O_CREAT | O_EXCL never follows or replaces whatever is there (a link included).
      const handle = await open(dest, 'wx', fileMode(entry.mode));
      try {
        await handle.writeFile(entry.data ?? Buffer.alloc(0));
      } finally {
        await handle.close();
      }
    } else if (entry.type === 'symlink') {
      await symlink(entry.linkpath ?? '', dest);
    } else {
      await copyFile(join(root, ...(entry.linkpath ?? '').split('/')), dest, constants.COPYFILE_EXCL);
    }
  } catch (err) {
    if (errnoOf(err) === 'EEXIST') throw refuse(`${entry.path} appears twice`, { entry: entry.path });
    throw err;
  }
}

async function assertEmptyOrMissing(destDir: string): Promise<boolean> {
  try {
    const names = await readdir(destDir);
    if (names.length > 0) throw new VigilError('conflict', `cannot extract a workspace into ${destDir}: the folder is not empty`);
    return false;
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return true;
    throw err;
  }
}

async function clearDir(destDir: string, created: boolean): Promise<void> {
  if (created) {
    await rm(destDir, { recursive: true, force: true });
    return;
  }
  for (const name of await readdir(destDir)) await rm(join(destDir, name), { recursive: true, force: true });
}

/**
 * Extracts a workspace archive into `destDir` (which must be missing or empty). All or nothing:
 * on any refusal or error what was written is removed again and the error rethrown.
 */
export async function extractWorkspaceArchive(archive: Buffer, destDir: string, options: ExtractOptions = {}): Promise<ExtractedWorkspace> {
  const entries = await readEntries(archive, options.maxBytes ?? WORKSPACE_MAX_BYTES, options.maxEntries ?? WORKSPACE_MAX_ENTRIES, true);
  const created = await assertEmptyOrMissing(destDir);
  if (created) await mkdir(destDir, { recursive: true });
  try {
    const root = await realpath(destDir);
    for (const entry of entries) await writeEntry(root, entry);
    // Each link target stayed inside on paper; links through links must too.
    for (const entry of entries) {
      if (entry.type !== 'symlink') continue;
      try {
        const real = await realpath(join(root, ...entry.path.split('/')));
        if (!isWithin(real, root)) throw refuse(`symlink ${entry.path} resolves out of the workspace`, { entry: entry.path });
      } catch (err) {
        const code = errnoOf(err);
        if (code === 'ELOOP') throw refuse(`symlink ${entry.path} is a loop`, { entry: entry.path });
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      }
    }
  } catch (err) {
    await clearDir(destDir, created);
    if (err instanceof VigilError) throw err;
    throw new VigilError('storage', `cannot extract the workspace into ${destDir}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const files = entries.filter((e) => e.type === 'file' || e.type === 'hardlink');
  const bytes = files.reduce((sum, e) => sum + e.size, 0);
  return { files: files.length, bytes, entries: entries.length };
}
