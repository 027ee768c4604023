import { SHARE_TOLERANCE } from '../../../shared/exam/skillShares.js';
import { isRecord, type ExamView, type ItemView } from './examView.js';
import { jsonPath, problem, quote, type PathSegments } from './problems.js';
import type { PackageProblem } from './types.js';

/** The exam.json rules a schema cannot state: unique ids, declared skills and their shares, drawn sections (DESIGN 4). */
export function checkExamRules(view: ExamView): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const raw = view.raw;
  if (!raw) return problems;

  const duplicates = (what: string, entries: Array<{ id: string; path: PathSegments }>): void => {
    const first = new Map<string, PathSegments>();
    for (const { id, path } of entries) {
      const earlier = first.get(id);
      if (earlier) problems.push(problem('exam.json', path, `duplicate ${what} id ${quote(id)} (first used at ${jsonPath(earlier)})`));
      else first.set(id, path);
    }
  };

  const skills = Array.isArray(raw.skills) ? raw.skills : [];
  const skillIds: Array<{ id: string; path: PathSegments }> = [];
  skills.forEach((s: unknown, i) => {
    if (isRecord(s) && typeof s.id === 'string') skillIds.push({ id: s.id, path: ['skills', i, 'id'] });
  });
  duplicates('skill', skillIds);

  const sections = Array.isArray(raw.sections) ? raw.sections : [];
  const sectionIds: Array<{ id: string; path: PathSegments }> = [];
  sections.forEach((s: unknown, i) => {
    if (isRecord(s) && typeof s.id === 'string') sectionIds.push({ id: s.id, path: ['sections', i, 'id'] });
  });
  duplicates('section', sectionIds);

  duplicates(
    'item',
    view.items.flatMap((v) => (v.id === null ? [] : [{ id: v.id, path: [...v.path, 'id'] }])),
  );

  // Without a valid skills list there is nothing to check tags against; its schema error says why.
  if (Array.isArray(raw.skills) || raw.skills === undefined) {
    const declared = new Set(skillIds.map((s) => s.id));
    for (const v of view.items) problems.push(...checkItemSkills(v, declared));
  }
  sections.forEach((s: unknown, i) => {
    if (isRecord(s)) problems.push(...checkDraw(s, i));
  });
  return problems;
}

/**
 * Skill tags are declared; shares sum to 1; and when the exam declares skills every item has at
 * least one, so skill maxima sum to the exam's maximum (DESIGN 13).
 */
function checkItemSkills(v: ItemView, declared: ReadonlySet<string>): PackageProblem[] {
  const out: PackageProblem[] = [];
  const tags = v.raw.skills;
  const undeclared = (tag: string, at: PathSegments) => {
    if (!declared.has(tag)) out.push(problem('exam.json', at, `skill ${quote(tag)} is not declared in skills`));
  };
  if (Array.isArray(tags)) {
    tags.forEach((tag: unknown, t) => {
      if (typeof tag === 'string') undeclared(tag, [...v.path, 'skills', t]);
    });
  } else if (isRecord(tags)) {
    let sum = 0;
    for (const [tag, share] of Object.entries(tags)) {
      undeclared(tag, [...v.path, 'skills', tag]);
      sum += typeof share === 'number' ? share : Number.NaN;
    }
    if (Number.isFinite(sum) && Math.abs(sum - 1) > SHARE_TOLERANCE) {
      out.push(problem('exam.json', [...v.path, 'skills'], `skill shares add up to ${Math.round(sum * 1e6) / 1e6}, not 1`));
    }
  }
  const empty = tags === undefined || (Array.isArray(tags) && tags.length === 0) || (isRecord(tags) && Object.keys(tags).length === 0);
  if (declared.size > 0 && empty) {
    out.push(problem('exam.json', [...v.path, 'skills'], 'the exam declares skills, so every item needs at least one: otherwise skill maxima do not add up to the exam maximum'));
  }
  return out;
}

/** A drawn section: 1 <= draw <= items, and every item worth the same points and of one type, so every form is worth the same. */
function checkDraw(section: Record<string, unknown>, index: number): PackageProblem[] {
  const draw = section.draw;
  if (typeof draw !== 'number' || !Array.isArray(section.items)) return [];
  const out: PackageProblem[] = [];
  const items = section.items.filter(isRecord);
  if (draw > items.length) out.push(problem('exam.json', ['sections', index, 'draw'], `draws ${draw} items but the section has ${items.length}`));
  const first = items[0];
  items.forEach((item, i) => {
    if (!first || i === 0) return;
    if (item.points !== first.points) {
      out.push(problem('exam.json', ['sections', index, 'items', i, 'points'], `a drawn section's items must all be worth the same: ${String(item.points)} here, ${String(first.points)} in the first item`));
    }
    if (item.type !== first.type) {
      out.push(problem('exam.json', ['sections', index, 'items', i, 'type'], `a drawn section's items must all be of one type: ${String(item.type)} here, ${String(first.type)} in the first item`));
    }
  });
  return out;
}
