import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPackage } from '../../electron/core/package/loadPackage.js';
import { packPackage } from '../../electron/core/package/packPackage.js';
import { demoExamDir } from './paths.js';

/**
 * A proctored copy of the demo exam, packed as `vigil pack` would: the delivery folder for the
 * candidates (no keys, hidden tests or solutions) and the grading folder for the hub.
 */
export async function packProctoredDemo(workDir: string, policy: Record<string, unknown> = {}): Promise<{ delivery: string; grading: string }> {
  const src = join(workDir, 'demo-proctored');
  await cp(demoExamDir, src, { recursive: true });
  const examPath = join(src, 'exam.json');
  const exam = JSON.parse(await readFile(examPath, 'utf8')) as { policy?: Record<string, unknown> } & Record<string, unknown>;
  await writeFile(examPath, JSON.stringify({ ...exam, mode: 'proctored', policy: { ...(exam.policy ?? {}), ...policy } }, null, 2));
  const loaded = await loadPackage(src);
  if (!loaded.ok) throw new Error(`proctored demo does not load: ${loaded.problems.map((p) => p.reason).join('; ')}`);
  const packed = await packPackage(loaded.pkg, join(workDir, 'packed'));
  return { delivery: packed.delivery.folder, grading: packed.grading.folder };
}
