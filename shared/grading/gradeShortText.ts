import { compileAcceptRegex, parseAcceptEntry as parseAcceptPattern } from '../exam/acceptPattern.js';
import type { ItemOf } from '../exam/examSchema.js';
import type { KeyEntryFor } from '../exam/keySchema.js';
import { parseAnswer } from './answerSchema.js';
import { errorGrade, gradeByFraction, incorrectGrade, unansweredGrade } from './grades.js';
import type { ItemGrade } from './resultSchema.js';

/** Trim, fold runs of whitespace to one space, NFC-normalise, and lower-case unless case matters. */
export function normalizeText(text: string, caseSensitive: boolean): string {
  const folded = text.normalize('NFC').trim().replace(/\s+/g, ' ');
  return caseSensitive ? folded : folded.toLowerCase();
}

export type AcceptEntry = { kind: 'text'; text: string } | { kind: 'regex'; regex: RegExp } | { kind: 'invalid'; reason: string };

/** An accept entry as the grader uses it: text, a compiled regex, or why it cannot be used. */
export function parseAcceptEntry(entry: string): AcceptEntry {
  const pattern = parseAcceptPattern(entry);
  if (pattern.kind === 'text') return pattern;
  const compiled = compileAcceptRegex(pattern);
  return compiled.ok ? { kind: 'regex', regex: compiled.regex } : { kind: 'invalid', reason: compiled.reason };
}

/**
 * Plain entries compare after normalizeText on both sides. Regex entries are tested, as written,
 * against the trimmed answer: they are not anchored for you, so authors write ^...$ to match the
 * whole answer, and their flags (not caseSensitive) decide case.
 */
export function gradeShortText(item: ItemOf<'short-text'>, key: KeyEntryFor<'short-text'>, answer: unknown): ItemGrade {
  const entries = key.accept.map(parseAcceptEntry);
  const broken = entries.findIndex((e) => e.kind === 'invalid');
  if (broken >= 0) {
    const entry = entries[broken];
    return errorGrade(item.points, `key.json accept[${broken}] is not a valid regular expression: ${entry?.kind === 'invalid' ? entry.reason : ''}`);
  }
  const parsed = parseAnswer('short-text', answer);
  if (parsed.kind === 'unanswered') return unansweredGrade(item.points);
  if (parsed.kind === 'invalid') return incorrectGrade(item.points, parsed.feedback);
  const caseSensitive = key.caseSensitive ?? false;
  const trimmed = parsed.value.trim();
  const normalized = normalizeText(parsed.value, caseSensitive);
  const matches = entries.some((e) => {
    if (e.kind === 'text') return normalizeText(e.text, caseSensitive) === normalized;
    if (e.kind === 'regex') return e.regex.test(trimmed);
    return false;
  });
  return gradeByFraction(item.points, matches ? 1 : 0);
}
