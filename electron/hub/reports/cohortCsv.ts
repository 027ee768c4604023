import type { CohortReply } from '../../../shared/hub/cohort.js';

/**
 * The cohort as CSV (docs/reports.md): RFC 4180 quoting, CRLF line ends, one row per graded
 * attempt in rank order, maxima and percentages beside every score, numbers to 2 decimals.
 * Text cells a spreadsheet would run as a formula (starting with = + - @, a tab or a CR) get a
 * leading apostrophe: candidate names are typed by candidates.
 */
export function cohortCsv(cohort: CohortReply): string {
  const skills = cohort.exam.skills;
  const header = [
    'rank',
    'candidate id',
    'candidate name',
    'attempt id',
    'score',
    'max score',
    'percent',
    'percentile',
    ...skills.flatMap((s) => [`${s.title} score`, `${s.title} max`, `${s.title} percent`]),
    'pending manual',
    'started at',
    'submitted at',
    'time used (minutes)',
    'submit reason',
    'violations critical',
    'violations warning',
    'violations info',
    'similarity flags',
  ];
  const lines = [header.map(textCell)];
  for (const r of cohort.rows) {
    lines.push([
      String(r.rank),
      textCell(r.candidate.id),
      textCell(r.candidate.name),
      textCell(r.attemptId),
      num(r.score),
      num(r.maxScore),
      num(r.percent),
      num(r.percentile),
      ...skills.flatMap((s) => {
        const part = r.skills[s.id];
        return [num(part?.score), num(part?.max), num(part?.percent ?? undefined)];
      }),
      String(r.pendingManual),
      textCell(r.startedAt),
      textCell(r.submittedAt),
      num(r.timeUsedMs / 60_000),
      textCell(r.submitReason),
      String(r.violations.critical),
      String(r.violations.warning),
      String(r.violations.info),
      String(r.similarityFlags),
    ]);
  }
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

export function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function num(value: number | undefined): string {
  if (value === undefined) return '';
  const r = Math.round(value * 100) / 100;
  return String(r === 0 ? 0 : r);
}
