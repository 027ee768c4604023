import { describe, expect, it } from 'vitest';
import { levelDistance, needsReconciliation } from '../../../../../electron/hub/reports/reconciliation.js';
import type { ManualGrade } from '../../../../../shared/hub/proctor.js';

const rubric = [
  { id: 'depth', points: 3, levels: [{ points: 0 }, { points: 1 }, { points: 2 }, { points: 3 }] },
  { id: 'clarity', points: 1 },
  { id: 'cost', points: 1 },
];
const g = (by: string, at: string, criteria: ManualGrade['criteria'], reconciles = false): ManualGrade => ({ itemId: 'e', criteria, by, at: `2026-11-30T10:${at}:00.000Z`, ...(reconciles ? { reconciles: true as const } : {}) });

describe('reconciling two graders', () => {
  it('measures the distance in criterion levels', () => {
    // depth 3 vs 2: one level; clarity met vs not: one level (a two-level criterion).
    expect(levelDistance(rubric, { depth: 3, clarity: 1 }, { depth: 2, clarity: 1 })).toBe(1);
    expect(levelDistance(rubric, { depth: 3, clarity: 1 }, { depth: 2 })).toBe(2);
    expect(levelDistance(rubric, ['clarity', 'cost'], [])).toBe(2);
    expect(levelDistance(rubric, { depth: 0 }, { depth: 3 })).toBe(3);
  });

  it('asks for reconciliation beyond one level, until someone settles it', () => {
    expect(needsReconciliation(rubric, [g('ana', '01', { depth: 3 }), g('ben', '02', { depth: 2 })])).toBe(false);
    const apart = [g('ana', '01', { depth: 3, clarity: 1 }), g('ben', '02', { depth: 1 })];
    expect(needsReconciliation(rubric, apart)).toBe(true);
    expect(needsReconciliation(rubric, [...apart, g('cy', '03', { depth: 2 }, true)])).toBe(false);
    // A reconciling grade before the later disagreement does not settle it.
    expect(needsReconciliation(rubric, [g('cy', '00', { depth: 2 }, true), ...apart])).toBe(true);
    expect(needsReconciliation(rubric, [g('ana', '01', { depth: 3 })])).toBe(false);
  });
});
