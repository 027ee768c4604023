import type { KeyEntryFor } from '../../../../shared/exam/keySchema.js';
import { parseAcceptEntry } from '../../../../shared/exam/acceptPattern.js';
import { compileAcceptRegex } from '../../../../shared/exam/acceptPattern.js';
import { roundScore } from '../../../../shared/grading/grades.js';
import type { TestReport, TestStatus } from './testReport.js';

type WeightedTest = NonNullable<KeyEntryFor<'coding'>['tests']>[number];

/** One leaf test the key weighs: its id, its share of its entry's points, the entry's skill. */
export interface WeightedLeaf {
  id: string;
  points: number;
  skill: string;
}

export type WeightPlan = { ok: true; leaves: WeightedLeaf[]; total: number } | { ok: false; problems: string[] };

type Matcher = (id: string) => boolean;

/** `name` is an exact leaf id, or "/regex/flags" (the same syntax as short-text accept entries). */
function matcherOf(name: string): Matcher | string {
  const pattern = parseAcceptEntry(name);
  if (pattern.kind === 'text') return (id) => id === name;
  const compiled = compileAcceptRegex(pattern);
  if (!compiled.ok) return `not a valid regular expression: ${compiled.reason}`;
  return (id) => compiled.regex.test(id);
}

const MAX_LISTED = 10;
const list = (ids: readonly string[]) => ids.slice(0, MAX_LISTED).map((id) => `"${id}"`).join(', ') + (ids.length > MAX_LISTED ? `, ... (${ids.length} in all)` : '');

/**
 * Matches the key's weighted tests to the leaf tests the reference solution reports (DESIGN 13).
 * Every leaf must match exactly one entry and every entry at least one leaf: an unmatched leaf
 * would be worth nothing, a doubly matched one would count twice, an entry matching nothing holds
 * points nobody can earn. An entry matching several leaves splits its points evenly over them.
 */
export function planWeights(tests: readonly WeightedTest[], referenceIds: readonly string[]): WeightPlan {
  const problems: string[] = [];
  const matchers = tests.map((t, i) => {
    const m = matcherOf(t.name);
    if (typeof m === 'string') problems.push(`tests[${i}] "${t.name}": ${m}`);
    return typeof m === 'string' ? () => false : m;
  });
  const matchesOf = referenceIds.map((id) => tests.flatMap((_, i) => (matchers[i]?.(id) ? [i] : [])));
  const unmatched = referenceIds.filter((_, l) => matchesOf[l]?.length === 0);
  if (unmatched.length > 0) problems.push(`leaf test${unmatched.length === 1 ? '' : 's'} ${list(unmatched)} match${unmatched.length === 1 ? 'es' : ''} no entry of the key's tests`);
  referenceIds.forEach((id, l) => {
    const m = matchesOf[l] ?? [];
    if (m.length > 1) problems.push(`leaf test "${id}" matches ${m.map((i) => `tests[${i}] "${tests[i]?.name ?? ''}"`).join(' and ')}: it must match one`);
  });
  const counts = tests.map((_, i) => matchesOf.filter((m) => m.includes(i)).length);
  counts.forEach((n, i) => {
    if (n === 0) problems.push(`tests[${i}] "${tests[i]?.name ?? ''}" matches no leaf test of the reference run`);
  });
  if (problems.length > 0) return { ok: false, problems };
  const leaves = referenceIds.map((id, l) => {
    const i = matchesOf[l]?.[0] ?? 0;
    const test = tests[i] as WeightedTest;
    return { id, points: test.points / (counts[i] ?? 1), skill: test.skill };
  });
  return { ok: true, leaves, total: tests.reduce((sum, t) => sum + t.points, 0) };
}

export interface WeightedScore {
  /** Fraction of the key's total earned. */
  fraction: number;
  /** Points earned and available per skill, scaled to the item's points. */
  skills: Record<string, { score: number; max: number }>;
  passed: number;
  notPassed: Array<{ id: string; status: TestStatus | 'missing'; points: number }>;
}

/**
 * A candidate's run scored by the plan: each leaf that passed earns its points; a leaf not
 * reported (its file crashed, the run timed out), failed, skipped or duplicated earns nothing.
 * Skill points are scaled to `itemPoints` (lint makes the key's total equal them).
 */
export function scoreWeighted(plan: Extract<WeightPlan, { ok: true }>, report: TestReport, itemPoints: number): WeightedScore {
  const byId = new Map(report.tests.map((t) => [t.id, t.status]));
  const scale = plan.total > 0 ? itemPoints / plan.total : 0;
  const skills: Record<string, { score: number; max: number }> = {};
  const notPassed: WeightedScore['notPassed'] = [];
  let earned = 0;
  let passed = 0;
  for (const leaf of plan.leaves) {
    const skill = (skills[leaf.skill] ??= { score: 0, max: 0 });
    skill.max += leaf.points * scale;
    const status = byId.get(leaf.id);
    if (status === 'pass') {
      earned += leaf.points;
      passed += 1;
      skill.score += leaf.points * scale;
    } else notPassed.push({ id: leaf.id, status: status ?? 'missing', points: leaf.points });
  }
  for (const s of Object.values(skills)) {
    s.score = roundScore(s.score);
    s.max = roundScore(s.max);
  }
  return { fraction: plan.total > 0 ? earned / plan.total : 0, skills, passed, notPassed };
}
