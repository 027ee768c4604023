import type { Exam } from '../../../shared/exam/examSchema.js';
import type { GradedResult } from '../../../shared/grading/resultSchema.js';
import type { AttemptSummary } from '../../../shared/hub/proctor.js';

/**
 * `results.csv` (DESIGN 8): one row per attempt, RFC 4180 quoting, CRLF line ends. Cells a
 * spreadsheet would run as a formula (starting with = + - @ or a tab/CR) get a leading apostrophe:
 * candidate names are typed by candidates.
 */
export function resultsCsv(exam: Pick<Exam, 'skills'>, rows: Array<{ summary: AttemptSummary; graded: GradedResult | null }>): string {
  const header = ['candidate id', 'candidate name', 'attempt id', 'state', 'submitted at', 'score', 'max score', ...exam.skills.map((s) => s.title), 'pending manual'];
  const lines = [header.map(textCell)];
  const sorted = rows.slice().sort((x, y) => x.summary.candidate.id.localeCompare(y.summary.candidate.id) || x.summary.attemptId.localeCompare(y.summary.attemptId));
  for (const { summary, graded } of sorted) {
    lines.push([
      textCell(summary.candidate.id),
      textCell(summary.candidate.name),
      textCell(summary.attemptId),
      textCell(summary.state),
      textCell(summary.result?.submittedAt ?? ''),
      numberCell(graded?.score),
      numberCell(graded?.maxScore),
      ...exam.skills.map((s) => numberCell(graded?.skills[s.id]?.score)),
      numberCell(graded ? graded.pendingManual.length : undefined),
    ]);
  }
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function numberCell(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}
