import { skillShares } from '../../../shared/exam/skillShares.js';
import { roundScore } from '../../../shared/grading/grades.js';
import { allItems, ITEM_TYPES, type ItemType } from '../../../shared/exam/examSchema.js';
import { escapeControls } from './problems.js';
import type { ExamPackage } from './types.js';

export interface PackageSummary {
  id: string;
  version: string;
  title: string;
  mode: 'proctored' | 'practice';
  durationMinutes: number;
  clock: 'active' | 'deadline';
  sections: number;
  items: number;
  itemsByType: Partial<Record<ItemType, number>>;
  points: number;
  skills: Array<{ id: string; title: string; points: number }>;
  keyEntries: number | null;
  gradingMaterial: string[];
}

export function summarizePackage(pkg: ExamPackage): PackageSummary {
  const { exam } = pkg;
  const items = allItems(exam).map((x) => x.item);
  const itemsByType: Partial<Record<ItemType, number>> = {};
  for (const item of items) itemsByType[item.type] = (itemsByType[item.type] ?? 0) + 1;
  // Each item's points split over its skills (shares), so the skill points add up to the total.
  const skillPoints = (id: string) => roundScore(items.reduce((s, i) => s + i.points * (skillShares(i.skills).find(([k]) => k === id)?.[1] ?? 0), 0));
  return {
    id: exam.id,
    version: exam.version,
    title: exam.title,
    mode: exam.mode,
    durationMinutes: exam.timing.durationMinutes,
    clock: exam.timing.clock,
    sections: exam.sections.length,
    items: items.length,
    itemsByType,
    points: items.reduce((s, i) => s + i.points, 0),
    skills: exam.skills.map((s) => ({ id: s.id, title: s.title, points: skillPoints(s.id) })),
    keyEntries: pkg.key ? Object.keys(pkg.key.items).length : null,
    gradingMaterial: pkg.gradingMaterial ?? [],
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One paragraph for `vigil lint`. */
export function formatSummary(s: PackageSummary): string {
  const byType = ITEM_TYPES.filter((t) => s.itemsByType[t]).map((t) => `${s.itemsByType[t]} ${t}`);
  const skills = s.skills.length > 0 ? s.skills.map((k) => `${k.id} (${plural(k.points, 'point')})`).join(', ') : 'none declared';
  const grading =
    s.gradingMaterial.length === 0
      ? 'No grading material (a delivery package).'
      : `Grading material: ${s.gradingMaterial.map((g) => (g === 'key.json' && s.keyEntries !== null ? `key.json (${s.keyEntries} ${s.keyEntries === 1 ? 'entry' : 'entries'})` : g)).join(', ')}.`;
  const warning =
    s.mode === 'proctored' && s.gradingMaterial.length > 0
      ? ' A proctored exam will not start from this package: deliver the .delivery package written by `vigil pack`.'
      : '';
  return (
    `${s.id} ${escapeControls(s.version)} ${escapeControls(JSON.stringify(s.title))}: ${s.mode} exam, ${plural(s.durationMinutes, 'minute')} (${s.clock} clock), ` +
    `${plural(s.sections, 'section')}, ${plural(s.items, 'item')} (${byType.join(', ')}), ${plural(s.points, 'point')}. ` +
    `Skills: ${skills}. ${grading}${warning}`
  );
}
