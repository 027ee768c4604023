import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { x as extractTar, type ReadEntry } from 'tar';
import { VigilError } from '../../../shared/errors.js';

/**
 * Unpacks a coding workspace from a result (base64 tar.gz) for grading (DESIGN 9: archive entries
 * are checked: no `..`, no absolute paths, no links). Only regular files and folders are written;
 * anything else is skipped and listed. Size and entry limits stop a hostile archive from filling
 * the disk.
 */
export const WORKSPACE_LIMITS = { maxEntries: 20_000, maxBytes: 256 * 1024 * 1024 } as const;

export interface ExtractedWorkspace {
  dir: string;
  skipped: Array<{ path: string; reason: string }>;
}

export async function extractWorkspace(archiveBase64: string, expectedSha256: string, dir: string): Promise<ExtractedWorkspace> {
  const bytes = Buffer.from(archiveBase64, 'base64');
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== expectedSha256) throw new VigilError('invalid-params', `the workspace archive's SHA-256 is ${sha}, the result says ${expectedSha256}`);
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.mkdir(dir, { recursive: true });
  const archive = join(dirname(dir), `.${Date.now()}-${process.pid}.tar.gz`);
  await fsp.writeFile(archive, bytes, { mode: 0o600 });
  const skipped: ExtractedWorkspace['skipped'] = [];
  let entries = 0;
  let total = 0;
  try {
    await extractTar({
      file: archive,
      cwd: dir,
      strict: true,
      preservePaths: false,
      maxDepth: 64,
      filter: (path, entry) => {
        const reason = refuse(path, entry as ReadEntry);
        if (reason) {
          skipped.push({ path, reason });
          return false;
        }
        entries++;
        total += (entry as ReadEntry).size ?? 0;
        if (entries > WORKSPACE_LIMITS.maxEntries || total > WORKSPACE_LIMITS.maxBytes) {
          throw new VigilError('invalid-params', `the workspace archive exceeds ${WORKSPACE_LIMITS.maxEntries} entries or ${WORKSPACE_LIMITS.maxBytes} bytes`);
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof VigilError) throw error;
    throw new VigilError('invalid-params', `the workspace archive cannot be unpacked: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await fsp.rm(archive, { force: true });
  }
  return { dir, skipped };
}

function refuse(path: string, entry: ReadEntry): string | null {
  if (isAbsolute(path) || /^[A-Za-z]:/.test(path)) return 'absolute path';
  if (path.split(/[\\/]/).includes('..')) return 'path with ".."';
  if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'Directory') return `${entry.type} entries are not unpacked`;
  return null;
}
