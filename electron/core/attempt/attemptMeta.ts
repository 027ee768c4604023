import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { VigilError } from '../../../shared/errors.js';
import { writeFileDurable } from '../../base/fsyncWrite.js';

/**
 * `<attemptDir>/meta.json`: who sits the attempt, for which exam, with which accommodation. Written
 * once at check-in (durably) before the first journal entry; the journal's first state entry carries
 * the same facts, so the chain covers them too.
 */
export const META_FILE = 'meta.json';

export const attemptMetaSchema = z.object({
  format: z.literal('vigil-attempt-meta/1'),
  attemptId: z.string().min(1),
  examId: z.string().min(1),
  examVersion: z.string().min(1),
  mode: z.enum(['proctored', 'practice']),
  candidate: z.object({ id: z.string().min(1), name: z.string().min(1) }),
  accommodation: z.number().min(1).max(4),
  createdAt: z.iso.datetime({ offset: true }),
});
export type AttemptMeta = z.infer<typeof attemptMetaSchema>;

export async function writeAttemptMeta(dir: string, meta: AttemptMeta): Promise<void> {
  await writeFileDurable(join(dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
}

export async function readAttemptMeta(dir: string): Promise<AttemptMeta> {
  const path = join(dir, META_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new VigilError('storage', `cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new VigilError('storage', `${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = attemptMetaSchema.safeParse(json);
  if (!parsed.success) throw new VigilError('storage', `${path} is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}
