import { allItems, type Exam } from '../exam/examSchema.js';
import { VigilError } from '../errors.js';
import { roundScore, unansweredGrade } from './grades.js';
import type { GradedResult, ItemGrade, SkillScore } from './resultSchema.js';

/**
 * Totals item grades into the graded result (DESIGN 12). An item without a grade counts as
 * unanswered; a grade for an id the exam does not have is a caller bug. Skill scores are sums over
 * the items tagged with the skill (DESIGN 4); an item with several skills counts in each.
 */
export function scoreExam(exam: Pick<Exam, 'id' | 'sections' | 'skills'>, itemGrades: Record<string, ItemGrade>): GradedResult {
  const items = allItems(exam).map(({ item }) => item);
  const ids = new Set(items.map((i) => i.id));
  const stray = Object.keys(itemGrades).filter((id) => !ids.has(id));
  if (stray.length > 0) throw new VigilError('invalid-params', `grades for items not in exam "${exam.id}": ${stray.join(', ')}`, { items: stray });

  const graded: Record<string, ItemGrade> = {};
  for (const item of items) graded[item.id] = itemGrades[item.id] ?? unansweredGrade(item.points);

  const skills: Record<string, SkillScore> = {};
  for (const skill of exam.skills) {
    const tagged = items.filter((i) => i.skills.includes(skill.id));
    skills[skill.id] = {
      score: roundScore(tagged.reduce((sum, i) => sum + (graded[i.id]?.score ?? 0), 0)),
      max: roundScore(tagged.reduce((sum, i) => sum + (graded[i.id]?.max ?? 0), 0)),
      title: skill.title,
    };
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
 * Replaces one item's grade (a person graded an essay, a coding item was re-run) and re-totals.
 * The key's explanation stays when the new grade has none.
 */
export function withItemGrade(exam: Pick<Exam, 'id' | 'sections' | 'skills'>, result: GradedResult, itemId: string, grade: ItemGrade): GradedResult {
  const previous = result.items[itemId];
  if (!previous) throw new VigilError('not-found', `no item "${itemId}" in the result of exam "${exam.id}"`, { itemId });
  const next = grade.explanation === undefined && previous.explanation !== undefined ? { ...grade, explanation: previous.explanation } : grade;
  return scoreExam(exam, { ...result.items, [itemId]: next });
}
