/**
 * True when `value` nests arrays/objects deeper than `limit`. Iterative on purpose: schemas and
 * canonical JSON walk values recursively, so a hostile body of a million `[` must be refused
 * before them (a stack overflow there would be a 500).
 */
export function exceedsJsonDepth(value: unknown, limit: number): boolean {
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop() as { v: unknown; d: number };
    if (typeof v !== 'object' || v === null) continue;
    if (d >= limit) return true;
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push({ v: child, d: d + 1 });
  }
  return false;
}
