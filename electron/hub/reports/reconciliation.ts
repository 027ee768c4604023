import type { ManualGrade } from '../../../shared/hub/proctor.js';

/**
 * When two graders of one essay need a third look (docs/reports.md): their marks differ by more
 * than one criterion level in all. Each criterion's mark is placed on its level scale (the index
 * of the level picked; a criterion without levels has two, not met and met, and a judgement in
 * between counts half way); the distance of two grades is the sum of the differences. One level
 * apart on one criterion is an ordinary difference of judgement; more needs reconciling.
 */
export interface RubricCriterion {
  id: string;
  points: number;
  levels?: ReadonlyArray<{ points: number }>;
}

/** The points a grader's marks give one criterion (a list of met criteria, or points per criterion). */
export function pointsOf(criterion: RubricCriterion, marks: ManualGrade['criteria']): number {
  if (Array.isArray(marks)) return marks.includes(criterion.id) ? criterion.points : 0;
  return marks[criterion.id] ?? 0;
}

function levelIndex(criterion: RubricCriterion, points: number): number {
  if (criterion.levels && criterion.levels.length > 0) {
    const sorted = [...criterion.levels].map((l) => l.points).sort((a, b) => a - b);
    let best = 0;
    sorted.forEach((p, i) => {
      if (Math.abs(p - points) < Math.abs((sorted[best] as number) - points)) best = i;
    });
    return best;
  }
  return criterion.points > 0 ? points / criterion.points : 0;
}

export function levelDistance(rubric: readonly RubricCriterion[], a: ManualGrade['criteria'], b: ManualGrade['criteria']): number {
  return rubric.reduce((sum, c) => sum + Math.abs(levelIndex(c, pointsOf(c, a)) - levelIndex(c, pointsOf(c, b))), 0);
}

/**
 * Whether the graders' latest grades of one answer need reconciling: two of them more than one
 * level apart, and no reconciling grade given after all of those.
 */
export function needsReconciliation(rubric: readonly RubricCriterion[], latestByGrader: readonly ManualGrade[]): boolean {
  const graders = latestByGrader.filter((g) => !g.reconciles);
  let lastDisputed: string | null = null;
  for (let i = 0; i < graders.length; i++) {
    for (let j = i + 1; j < graders.length; j++) {
      const x = graders[i] as ManualGrade;
      const y = graders[j] as ManualGrade;
      if (levelDistance(rubric, x.criteria, y.criteria) > 1 + 1e-9) {
        const later = x.at > y.at ? x.at : y.at;
        if (lastDisputed === null || later > lastDisputed) lastDisputed = later;
      }
    }
  }
  if (lastDisputed === null) return false;
  const settled = latestByGrader.some((g) => g.reconciles && g.at >= (lastDisputed as string));
  return !settled;
}
