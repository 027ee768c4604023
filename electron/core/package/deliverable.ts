import { VigilError } from '../../../shared/errors.js';
import type { ExamPackage, PackageProblem } from './types.js';

/**
 * DESIGN 4 and 9: answer keys and hidden tests never reach a proctored candidate's machine, so a
 * proctored exam refuses to start from a package that carries them. Practice mode uses the full
 * package and grades locally.
 *
 * Returns the refusal (a 'package-invalid' VigilError naming each piece of grading material, one
 * problem each in `details`), or null when the package may be delivered.
 */
export function checkDeliverable(pkg: ExamPackage): VigilError | null {
  if (pkg.exam.mode !== 'proctored' || !pkg.hasGradingMaterial) return null;
  const files = pkg.gradingMaterial && pkg.gradingMaterial.length > 0 ? pkg.gradingMaterial : ['key.json, tasks/*/hidden or tasks/*/solution'];
  const problems: PackageProblem[] = files.map((file) => ({
    file,
    path: '',
    reason: 'grading material must not be in a proctored delivery package (use the .delivery package from vigil pack)',
  }));
  return new VigilError(
    'package-invalid',
    `proctored exam ${pkg.exam.id} ${pkg.exam.version} cannot start from a package with grading material: ${files.join(', ')}`,
    problems,
  );
}

/** checkDeliverable for callers that stop on refusal (the host's start path). */
export function assertDeliverable(pkg: ExamPackage): void {
  const refusal = checkDeliverable(pkg);
  if (refusal) throw refusal;
}
