import { allItems, type Exam, type Item } from '../exam/examSchema.js';
import { skillShares } from '../exam/skillShares.js';
import { VigilError } from '../errors.js';
import { roundScore, unansweredGrade } from './grades.js';
import type { GradedResult, ItemGrade, SkillScore } from './resultSchema.js';

type ScoredExam = Pick<Exam, 'id' | 'sections' | 'skills'>;

/**
 * Splits `value` by `shares` (summing to 1), rounded to score precision, with the rounding
 * remainder on the last share so the parts add up to `value` exactly.
 */
export function splitByShares(value: number, shares: ReadonlyArray<readonly [string, number]>): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let left = value;
  shares.forEach(([id, share], i) => {
    const part = i === shares.length - 1 ? roundScore(left) : roundScore(value * share);
    left -= part;
    out.push([id, part]);
  });
  return out;
}

/**
 * An item's contribution to each skill: the grade's own breakdown when it has one (weighted
 * coding tests), otherwise its score and max split by the item's skill shares.
 */
export function itemSkillPoints(item: Pick<Item, 'skills'>, grade: ItemGrade): Map<string, { score: number; max: number }> {
  const out = new Map<string, { score: number; max: number }>();
  if (grade.skills) {
    for (const [id, part] of Object.entries(grade.skills)) out.set(id, { ...part });
    return out;
  }
  const shares = skillShares(item.skills);
  const scores = splitByShares(grade.score, shares);
  const maxima = splitByShares(grade.max, shares);
  shares.forEach(([id], i) => out.set(id, { score: scores[i]?.[1] ?? 0, max: maxima[i]?.[1] ?? 0 }));
  return out;
}

/**
 * Totals item grades into the graded result (DESIGN 12). An item without a grade counts as
 * unanswered; a grade for an id the exam does not have is a caller bug. Skill scores split each
 * item's points across its skills (evenly, or by the shares its `skills` gives), so the skill
 * maxima sum to the exam's maximum (DESIGN 13) instead of counting a two-skill item twice.
 * `itemIds` limits the exam to one candidate's form (drawn sections); default every item.
 */
export function scoreExam(exam: ScoredExam, itemGrades: Record<string, ItemGrade>, itemIds?: ReadonlySet<string>): GradedResult {
  const items = allItems(exam)
    .map(({ item }) => item)
    .filter((i) => !itemIds || itemIds.has(i.id));
  const ids = new Set(items.map((i) => i.id));
  const stray = Object.keys(itemGrades).filter((id) => !ids.has(id));
  if (stray.length > 0) throw new VigilError('invalid-params', `grades for items not in exam "${exam.id}"${itemIds ? ' (or not in this form)' : ''}: ${stray.join(', ')}`, { items: stray });

  const graded: Record<string, ItemGrade> = {};
  for (const item of items) graded[item.id] = itemGrades[item.id] ?? unansweredGrade(item.points);

  const totals = new Map(exam.skills.map((s) => [s.id, { score: 0, max: 0 }]));
  for (const item of items) {
    const grade = graded[item.id];
    if (!grade) continue;
    for (const [id, part] of itemSkillPoints(item, grade)) {
      const total = totals.get(id);
      if (!total) continue;
      total.score += part.score;
      total.max += part.max;
    }
  }
  const skills: Record<string, SkillScore> = {};
  for (const skill of exam.skills) {
    const total = totals.get(skill.id) ?? { score: 0, max: 0 };
    skills[skill.id] = { score: roundScore(total.score), max: roundScore(total.max), title: skill.title };
  }

  const all = Object.values(graded);
  return {
    examId: exam.id,
    score: roundScore(all.reduce((sum, g) => sum + g.score, 0)),
    maxScore: roundScore(all.reduce((sum, g) => sum + g.max, 0)),
    pendingManual: items.filter((i) => graded[i.id]?.status === 'pending-manual').map((i) => i.id),
    items: graded,
    skills,
  };
}

/**
 * Replaces one item's grade (a person graded an essay, a coding item was re-run) and re-totals,
 * over the items the result already holds (the candidate's form). The key's explanation stays
 * when the new grade has none.
 */
export function withItemGrade(exam: ScoredExam, result: GradedResult, itemId: string, grade: ItemGrade): GradedResult {
  const previous = result.items[itemId];
  if (!previous) throw new VigilError('not-found', `no item "${itemId}" in the result of exam "${exam.id}"`, { itemId });
  const next = grade.explanation === undefined && previous.explanation !== undefined ? { ...grade, explanation: previous.explanation } : grade;
  return scoreExam(exam, { ...result.items, [itemId]: next }, new Set(Object.keys(result.items)));
}
