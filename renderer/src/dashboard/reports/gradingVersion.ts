import { useDash } from '../store/DashboardProvider.js';

/**
 * A string that changes whenever any attempt's grading does (a result graded, an essay marked),
 * from the live feed's summaries: report screens reload on it, so their figures follow as results
 * arrive without a manual refresh.
 */
export function useGradingVersion(): string {
  return useDash((s) =>
    Object.values(s.rows)
      .map((r) => `${r.summary.attemptId}:${r.summary.grading.status}:${r.summary.grading.score ?? ''}:${r.summary.grading.pendingManual}`)
      .sort()
      .join('|'),
  );
}
