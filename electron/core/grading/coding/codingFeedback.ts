import type { TestTally } from './testReport.js';

/**
 * Feedback text of a coding grade: what scored, what did not, notes about the run, and the end of
 * its output. Kept well under the result schema's 20,000 characters.
 */

/** Tests named in feedback at most; the rest are counted. */
export const MAX_LISTED_TESTS = 20;
/** Prefix of every question-level error, so authors and the hub can find them. */
export const QUESTION_ERROR_PREFIX = 'question error: ';

export function describeTally(tally: TestTally): string {
  const lines = [`${tally.passed} of ${tally.total} hidden test${tally.total === 1 ? '' : 's'} passed.`];
  if (tally.notPassed.length > 0) {
    lines.push('Not passed:');
    for (const t of tally.notPassed.slice(0, MAX_LISTED_TESTS)) {
      lines.push(`- ${t.id}${t.status === 'fail' ? '' : t.status === 'missing' ? ' (no result: it did not run)' : ` (${t.status})`}`);
    }
    const more = tally.notPassed.length - MAX_LISTED_TESTS;
    if (more > 0) lines.push(`- ... and ${more} more`);
  }
  return lines.join('\n');
}

export function outputSection(title: string, tail: string, tailCut: boolean): string {
  const text = tail.replace(/\s+$/, '');
  if (text === '') return `--- ${title}: (no output) ---`;
  return `--- ${title}${tailCut ? ' (last part)' : ''} ---\n${text}`;
}

export function joinFeedback(parts: ReadonlyArray<string | null | undefined | false>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n\n');
}
