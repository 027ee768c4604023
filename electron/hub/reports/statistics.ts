/**
 * Small descriptive statistics shared by the reports. Sample (n - 1) variances throughout: the
 * figures describe a sitting as a sample of the candidates an exam will meet.
 */
export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Sample variance; NaN below two values. */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

/** Pearson's r; null below two pairs or when either side does not vary (r is undefined then). */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new Error(`pearson: ${xs.length} x values but ${ys.length} y values`);
  if (xs.length < 2) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Float noise on a constant column would otherwise give a huge or NaN r.
  if (sxx < 1e-12 || syy < 1e-12) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Percentile rank of `x` among `all` (which includes it): the share of scores below it plus half
 * the share equal to it, times 100. The mid-rank convention keeps ties fair: everyone on the same
 * score gets the same percentile, and a sitting of one is at the 50th.
 */
export function percentileRank(x: number, all: readonly number[]): number {
  if (all.length === 0) return Number.NaN;
  let below = 0;
  let equal = 0;
  for (const y of all) {
    if (y < x - 1e-9) below++;
    else if (Math.abs(y - x) <= 1e-9) equal++;
  }
  return (100 * (below + equal / 2)) / all.length;
}

/** Rounds for display in replies: 4 decimals, as scores are. */
export function round4(n: number): number {
  const r = Math.round(n * 10_000) / 10_000;
  return r === 0 ? 0 : r;
}
