import type { ItemOf } from '../exam/examSchema.js';
import type { KeyEntryFor } from '../exam/keySchema.js';
import { VigilError } from '../errors.js';
import { gradeByFraction, roundScore } from './grades.js';
import type { ItemGrade } from './resultSchema.js';

/**
 * Criteria a grader marks as met (each earns its full points), or points per criterion (criteria
 * left out earn 0). For a criterion with levels the points must be one level's points: the grader
 * picks a level. Without levels any value from 0 to the criterion's points is accepted (old
 * rubrics: a two-level criterion, or a grader's judgement in between).
 */
export type RubricGrades = string[] | Record<string, number>;

/**
 * Scores an essay from a person's rubric marks. The item is worth `points`; when the rubric's
 * points add up to something else the score is scaled: points * awarded / rubric total.
 * Marks naming unknown criteria or outside a criterion's range are the grader's mistake:
 * VigilError('invalid-params').
 */
export function applyRubricGrades(item: ItemOf<'essay'>, key: KeyEntryFor<'essay'>, grades: RubricGrades, comment?: string): ItemGrade {
  const awarded = new Map<string, number>();
  const labels = new Map<string, string>();
  const byId = new Map(key.rubric.map((c) => [c.id, c]));
  const entries: Array<[string, number | undefined]> = Array.isArray(grades) ? grades.map((id) => [id, undefined]) : Object.entries(grades);
  for (const [id, points] of entries) {
    const criterion = byId.get(id);
    if (!criterion) throw new VigilError('invalid-params', `unknown rubric criterion "${id}" for item "${item.id}"`, { itemId: item.id, criterion: id });
    const value = points ?? criterion.points;
    if (!Number.isFinite(value) || value < 0 || value > criterion.points) {
      throw new VigilError('invalid-params', `rubric criterion "${id}" of item "${item.id}" takes 0 to ${criterion.points} points, got ${value}`, {
        itemId: item.id,
        criterion: id,
      });
    }
    const level = criterion.levels?.find((l) => Math.abs(l.points - value) < 1e-9);
    if (criterion.levels && !level) {
      const offered = criterion.levels.map((l) => `${l.points} (${l.label})`).join(', ');
      throw new VigilError('invalid-params', `rubric criterion "${id}" of item "${item.id}" has levels ${offered}: pick one, got ${value}`, { itemId: item.id, criterion: id });
    }
    awarded.set(id, value);
    if (level) labels.set(id, level.label);
  }
  const total = key.rubric.reduce((sum, c) => sum + c.points, 0);
  const sum = [...awarded.values()].reduce((a, b) => a + b, 0);
  const lines = key.rubric.map((c) => {
    const label = labels.get(c.id);
    return `${c.id}: ${roundScore(awarded.get(c.id) ?? 0)}/${c.points}${label ? ` (${label})` : ''}`;
  });
  const feedback = [lines.join(', '), comment?.trim()].filter((s) => s).join('\n');
  return gradeByFraction(item.points, sum / total, feedback);
}
