import { isRecord, type ExamView } from './examView.js';
import { jsonPath, problem, quote, type PathSegments } from './problems.js';
import type { PackageProblem } from './types.js';

/** The exam.json rules a schema cannot state: unique ids and declared skills (DESIGN 4). */
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
    for (const v of view.items) {
      if (!Array.isArray(v.raw.skills)) continue;
      v.raw.skills.forEach((tag: unknown, t) => {
        if (typeof tag === 'string' && !declared.has(tag)) {
          problems.push(problem('exam.json', [...v.path, 'skills', t], `skill ${quote(tag)} is not declared in skills`));
        }
      });
    }
  }
  return problems;
}
