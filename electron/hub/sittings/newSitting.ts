import { resolve } from 'node:path';
import { VigilError } from '../../../shared/errors.js';
import type { SittingFields } from '../../../shared/hub/sittings.js';
import { loadPackage } from '../../core/package/loadPackage.js';
import { formatProblem, type ExamPackage } from '../../core/package/types.js';
import { generateAccessCode } from '../auth/tokens.js';
import type { NewSitting } from '../store/hubStore.js';

/**
 * What `vigil hub sitting add` and the dashboard's `createSitting` share once the fields passed
 * `sittingFieldsSchema` (shared/hub/sittings.ts): the package check and the stored form, so the
 * two ways of making a sitting cannot drift apart.
 */

/** The grading package in `dir`: the hub grades a sitting's results, so it needs key.json. */
export async function loadSittingPackage(dir: string): Promise<ExamPackage> {
  const loaded = await loadPackage(dir);
  if (!loaded.ok) throw new VigilError('package-invalid', `exam package ${resolve(dir)} is invalid: ${loaded.problems.map(formatProblem).join('; ')}`);
  if (!loaded.pkg.key) throw new VigilError('package-invalid', `the hub grades results, so a sitting needs the grading package (with key.json); ${loaded.pkg.dir} has none`);
  return loaded.pkg;
}

/**
 * The sitting to store. Times are kept in UTC (`toISOString`): enrollment compares them with the
 * hub's clock as strings, which only orders instants when every one has the same offset.
 */
export function newSitting(fields: SittingFields, pkg: ExamPackage): NewSitting {
  return {
    name: fields.name,
    examId: pkg.exam.id,
    examVersion: pkg.exam.version,
    packageDir: pkg.dir,
    accessCode: fields.accessCode ?? generateAccessCode(),
    opensAt: fields.opens === undefined ? null : new Date(fields.opens).toISOString(),
    closesAt: fields.closes === undefined ? null : new Date(fields.closes).toISOString(),
  };
}

/** The audit row's detail for a new sitting (not its code: the log is read more widely than the room). */
export function sittingAuditDetail(s: NewSitting & { sittingId: string }): Record<string, string | null> {
  return { sittingId: s.sittingId, name: s.name, examId: s.examId, examVersion: s.examVersion, opensAt: s.opensAt, closesAt: s.closesAt };
}
