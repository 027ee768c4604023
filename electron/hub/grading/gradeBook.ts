import type { ItemOf } from '../../../shared/exam/examSchema.js';
import { allItems } from '../../../shared/exam/examSchema.js';
import type { KeyEntryFor } from '../../../shared/exam/keySchema.js';
import { VigilError } from '../../../shared/errors.js';
import { applyRubricGrades } from '../../../shared/grading/rubric.js';
import type { GradedResult } from '../../../shared/grading/resultSchema.js';
import { withItemGrade } from '../../../shared/grading/scoreExam.js';
import type { ManualGrade } from '../../../shared/hub/proctor.js';
import type { ExamPackage } from '../../core/package/types.js';

/**
 * Manual (proctor) grades on top of the automatic grading: each essay's latest manual grade
 * replaces its pending-manual grade and the totals are recomputed. The automatic result is stored
 * as graded; the manual grades are log records; this combines them whenever either changes.
 */
export function essayOf(pkg: ExamPackage, itemId: string): { item: ItemOf<'essay'>; key: KeyEntryFor<'essay'> } {
  const found = allItems(pkg.exam).find(({ item }) => item.id === itemId)?.item;
  if (!found) throw new VigilError('not-found', `the exam has no item "${itemId}"`, { itemId });
  if (found.type !== 'essay') throw new VigilError('invalid-params', `item "${itemId}" is ${found.type}, not an essay: only essays are graded by hand`, { itemId });
  const key = pkg.key?.items[itemId] as KeyEntryFor<'essay'> | undefined;
  if (!key || !Array.isArray(key.rubric)) throw new VigilError('package-invalid', `the key has no rubric for "${itemId}"`, { itemId });
  return { item: found, key };
}

/** The automatic grading with every manual grade applied. */
export function withManualGrades(pkg: ExamPackage, auto: GradedResult, manual: Iterable<ManualGrade>): GradedResult {
  let graded = auto;
  for (const m of manual) {
    const { item, key } = essayOf(pkg, m.itemId);
    graded = withItemGrade(pkg.exam, graded, m.itemId, applyRubricGrades(item, key, m.criteria, m.comment));
  }
  return graded;
}
