import { VigilError } from '../../shared/errors.js';
import { errnoCode } from './storeFs.js';

/** Plain words for the errno codes a disk actually produces; the file is always named. */
const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the file system is read-only',
  EIO: 'the disk reported an input/output error',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EBUSY: 'the file is busy',
  ENOENT: 'the file or folder does not exist',
};

/**
 * Turns a failed file operation into VigilError('storage') naming what was being done to which
 * file, e.g. `could not append to /x/journal.jsonl: the disk is full (ENOSPC)`. A VigilError passes
 * through unchanged; anything that is not a system error is a bug and is rethrown as is.
 */
export function toStorageError(error: unknown, action: string, file: string): VigilError {
  if (error instanceof VigilError) return error;
  const code = errnoCode(error);
  if (code === undefined) throw error;
  const reason = REASONS[code] ?? (error instanceof Error ? error.message : 'system error');
  return new VigilError('storage', `could not ${action} ${file}: ${reason} (${code})`, { file, code, action });
}
