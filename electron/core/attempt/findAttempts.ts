import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { VigilError } from '../../../shared/errors.js';
import type { RepairData } from '../../../shared/journal.js';
import { readAttemptMeta, type AttemptMeta } from './attemptMeta.js';
import { rebuildAttemptMeta } from './recoverMeta.js';

/**
 * Every attempt of one exam version under `<dataDir>/attempts`, newest first. A damaged meta.json
 * is rebuilt from the attempt's journal (`repair` says how; the caller journals it).
 */
export async function findAttempts(dataDir: string, examId: string, examVersion: string, mode: AttemptMeta['mode']): Promise<Array<{ dir: string; meta: AttemptMeta; repair?: RepairData }>> {
  const root = join(dataDir, 'attempts');
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new VigilError('storage', `cannot list ${root}: ${(error as Error).message}`);
  }
  const found: Array<{ dir: string; meta: AttemptMeta; repair?: RepairData }> = [];
  for (const name of names) {
    const dir = join(root, name);
    let meta: AttemptMeta;
    let repair: RepairData | undefined;
    try {
      meta = await readAttemptMeta(dir);
    } catch (error) {
      if (!(error instanceof VigilError)) throw error;
      const rebuilt = await rebuildAttemptMeta(dir, name, mode, error);
      // No journal that proves the facts either (e.g. a half-created folder): left untouched for an
      // operator rather than deleted.
      if (rebuilt === null) continue;
      ({ meta, repair } = rebuilt);
    }
    if (meta.examId === examId && meta.examVersion === examVersion) found.push({ dir, meta, ...(repair ? { repair } : {}) });
  }
  return found.sort((a, b) => b.meta.createdAt.localeCompare(a.meta.createdAt));
}
