import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { RepairData } from '../../../shared/journal.js';
import { VigilError } from '../../../shared/errors.js';
import { JOURNAL_FILE } from '../store/attemptStore.js';
import { scanJournal } from '../store/journal.js';
import { moveToQuarantine } from '../store/quarantine.js';
import { attemptMetaSchema, META_FILE, writeAttemptMeta, type AttemptMeta } from './attemptMeta.js';

/**
 * meta.json is written once at check-in, and the journal's first state entry carries the same facts
 * (candidate, exam, accommodation), so a damaged meta.json is rebuilt from the journal instead of
 * the attempt vanishing from the machine. The damaged file goes to quarantine/; the caller journals
 * the returned repair once the store is open. Null when the journal cannot prove the facts either.
 */
export async function rebuildAttemptMeta(dir: string, attemptId: string, mode: AttemptMeta['mode'], damage: VigilError): Promise<{ meta: AttemptMeta; repair: RepairData } | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, JOURNAL_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new VigilError('storage', `cannot read ${join(dir, JOURNAL_FILE)}: ${(error as Error).message}`);
  }
  const checkIn = scanJournal(bytes).entries.find((e) => e.type === 'state' && (e.data as { reason?: unknown }).reason === 'check-in');
  if (!checkIn) return null;
  const facts = checkIn.data as { candidate?: unknown; examId?: unknown; examVersion?: unknown; accommodation?: unknown };
  const parsed = attemptMetaSchema.safeParse({
    format: 'vigil-attempt-meta/1',
    attemptId,
    examId: facts.examId,
    examVersion: facts.examVersion,
    mode,
    candidate: facts.candidate,
    accommodation: facts.accommodation,
    createdAt: checkIn.at,
  });
  if (!parsed.success) return null;
  const path = join(dir, META_FILE);
  let quarantined: string | null = null;
  try {
    quarantined = relative(dir, await moveToQuarantine(dir, path, META_FILE, Date.now()));
  } catch (error) {
    // Unreadable (vanished) is fine: there is nothing to keep. Anything else is a storage problem.
    if (!(error instanceof VigilError) || !/ENOENT/.test(error.message)) throw error;
  }
  await writeAttemptMeta(dir, parsed.data);
  const detail = `${damage.message}; rebuilt from journal entry seq ${checkIn.seq}${quarantined ? `; the damaged file is ${quarantined}` : ''}`;
  return { meta: parsed.data, repair: { what: 'meta-json', detail, ...(quarantined ? { quarantined } : {}) } };
}
