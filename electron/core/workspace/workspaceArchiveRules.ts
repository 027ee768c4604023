import { sep } from 'node:path';

/**
 * Rules shared by the writer (archiveWorkspace) and the reader (extractWorkspaceArchive) of a
 * coding item's workspace archive (DESIGN 7, 9): the caps, and what an entry path may look like.
 */

/** Most file content (uncompressed bytes) an archive holds or an extraction writes. */
export const WORKSPACE_MAX_BYTES = 20 * 1024 * 1024;

/** Most entries (files, folders, links) an archive holds or an extraction accepts. */
export const WORKSPACE_MAX_ENTRIES = 50_000;

/** Every entry's mtime: timestamps would make the archive, and so its sha256, differ per copy. */
export const ARCHIVE_MTIME = new Date('2000-01-01T00:00:00.000Z');

/** Longest entry path accepted (bytes of UTF-8), well under any file system's PATH_MAX. */
export const MAX_ENTRY_PATH_BYTES = 1024;

/** Deepest folder nesting an archive holds: far beyond real projects, far below PATH_MAX trouble. */
export const MAX_ENTRY_DEPTH = 64;

/** Most skipped entries a result lists by name; the rest are counted in one last line. */
export const MAX_LISTED_SKIPS = 100;

/** A file or folder left out of an archive, and why. */
export interface SkippedEntry {
  /** Relative to the workspace, forward slashes. */
  path: string;
  reason: string;
}

export function isWithin(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

export type EntryPathCheck = { ok: true; segments: string[]; path: string } | { ok: false; reason: string };

/**
 * An archive entry path made safe to join under a destination, or why it is not: no absolute
 * path, no drive letter, no `..`, no backslash (a separator on Windows), no NUL. Empty and `.`
 * segments are dropped, so `./a//b/` is `a/b`.
 */
export function checkEntryPath(raw: string): EntryPathCheck {
  if (raw.includes('\0')) return { ok: false, reason: 'contains a NUL character' };
  if (raw.includes('\\')) return { ok: false, reason: 'contains a backslash' };
  if (raw.startsWith('/')) return { ok: false, reason: 'is an absolute path' };
  if (/^[A-Za-z]:/.test(raw)) return { ok: false, reason: 'starts with a drive letter' };
  if (Buffer.byteLength(raw) > MAX_ENTRY_PATH_BYTES) return { ok: false, reason: `is longer than ${MAX_ENTRY_PATH_BYTES} bytes` };
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { ok: false, reason: 'contains ".."' };
  if (segments.length === 0) return { ok: false, reason: 'is empty' };
  return { ok: true, segments, path: segments.join('/') };
}

/** Where a relative link target lands, as segments under the root, or null when it leaves the root. */
export function resolveLinkTarget(linkSegments: readonly string[], target: string): string[] | null {
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target) || target.includes('\\') || target.includes('\0')) return null;
  const out = linkSegments.slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else {
      out.push(part);
    }
  }
  return out;
}
