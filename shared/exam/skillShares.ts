import type { Item } from './examSchema.js';

/** Shares summing to 1 are compared with this tolerance (0.7 + 0.2 + 0.1 is not exactly 1 in binary). */
export const SHARE_TOLERANCE = 1e-9;

/**
 * How an item's points divide over its skills (DESIGN 4, 13): `["a", "b"]` splits evenly,
 * `{"a": 0.7, "b": 0.3}` by the given shares (lint checks they sum to 1). An item without skills
 * has no shares; lint refuses that in an exam that declares skills, so skill maxima sum to the
 * exam's maximum.
 */
export function skillShares(skills: Item['skills']): Array<[string, number]> {
  if (Array.isArray(skills)) {
    const unique = [...new Set(skills)];
    return unique.map((id) => [id, 1 / unique.length]);
  }
  return Object.entries(skills);
}

/** The skill ids an item is tagged with, whatever the form of its `skills`. */
export function skillIds(skills: Item['skills']): string[] {
  return skillShares(skills).map(([id]) => id);
}
