import type { Exam } from '../../../shared/exam/examSchema.js';
import type { KeyEntry, Key } from '../../../shared/exam/keySchema.js';

/** One thing wrong with a package, printed as `file: json.path: reason` (DESIGN 4). */
export interface PackageProblem {
  file: string;
  path: string;
  reason: string;
}

export function formatProblem(p: PackageProblem): string {
  return `${p.file}: ${p.path || '$'}: ${p.reason}`;
}

/** A loaded, fully validated exam package. */
export interface ExamPackage {
  /** Absolute path of the package folder. */
  dir: string;
  exam: Exam;
  /** key.json with every entry validated against its item's type; null in a delivery package. */
  key: (Omit<Key, 'items'> & { items: Record<string, KeyEntry> }) | null;
  /** True when key.json, tasks/* /hidden or tasks/* /solution are present. */
  hasGradingMaterial: boolean;
  /**
   * Which grading material is present ("key.json", "tasks/sum/hidden", ...), sorted. Set by
   * loadPackage; optional so tests elsewhere can build an ExamPackage by hand.
   */
  gradingMaterial?: string[];
}

export type LoadResult = { ok: true; pkg: ExamPackage } | { ok: false; problems: PackageProblem[] };
