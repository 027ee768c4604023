import { resolve } from 'node:path';
import { VigilError } from '../../../shared/errors.js';
import { loadPackage } from '../../core/package/loadPackage.js';
import { formatProblem, type ExamPackage } from '../../core/package/types.js';
import type { HubStore } from '../store/hubStore.js';

/**
 * The grading package of each sitting, loaded on first use and kept (a sitting's package folder
 * never changes). The package the hub was started with (`--exam`) is already loaded. A folder
 * that no longer holds the sitting's exam version, or has no key, is an error for that sitting's
 * requests only.
 */
export class PackageCatalog {
  private readonly bySitting = new Map<string, Promise<ExamPackage>>();
  private readonly loaded = new Map<string, ExamPackage>();

  constructor(
    private readonly store: HubStore,
    readonly primary: ExamPackage,
  ) {}

  /** The package of a sitting whose package was loaded before; the primary one otherwise. */
  cached(sittingId: string): ExamPackage {
    return this.loaded.get(sittingId) ?? this.primary;
  }

  forSitting(sittingId: string): Promise<ExamPackage> {
    let pending = this.bySitting.get(sittingId);
    if (!pending) {
      pending = this.load(sittingId);
      this.bySitting.set(sittingId, pending);
      // A failed load is tried again next time (the folder may be back).
      pending.then(
        (pkg) => this.loaded.set(sittingId, pkg),
        () => this.bySitting.delete(sittingId),
      );
    }
    return pending;
  }

  private async load(sittingId: string): Promise<ExamPackage> {
    const sitting = await this.store.sitting(sittingId);
    if (!sitting) throw new VigilError('not-found', `no sitting ${sittingId}`);
    const { exam } = this.primary;
    if (resolve(sitting.packageDir) === resolve(this.primary.dir) && sitting.examId === exam.id && sitting.examVersion === exam.version) return this.primary;
    const loaded = await loadPackage(sitting.packageDir);
    if (!loaded.ok) throw new VigilError('package-invalid', `the package of sitting ${sitting.name} (${sitting.packageDir}) is invalid: ${loaded.problems.map(formatProblem).join('; ')}`);
    const pkg = loaded.pkg;
    if (!pkg.key) throw new VigilError('package-invalid', `the package of sitting ${sitting.name} (${sitting.packageDir}) has no key.json: the hub grades with it`);
    if (pkg.exam.id !== sitting.examId || pkg.exam.version !== sitting.examVersion) {
      throw new VigilError('conflict', `${sitting.packageDir} now holds ${pkg.exam.id} ${pkg.exam.version}, not the ${sitting.examId} ${sitting.examVersion} sitting ${sitting.name} was made for`);
    }
    return pkg;
  }
}
