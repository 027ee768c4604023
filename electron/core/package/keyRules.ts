import { identifier, type ItemType } from '../../../shared/exam/examSchema.js';
import { keyEntrySchemas, keySchema, type KeyEntry } from '../../../shared/exam/keySchema.js';
import { compileAcceptRegex, parseAcceptEntry } from '../../../shared/exam/acceptPattern.js';
import { isRecord, type ExamView } from './examView.js';
import { problem, quote, zodProblems } from './problems.js';
import type { ExamPackage, PackageProblem } from './types.js';

const FILE = 'key.json';
/** Rubric totals are sums of decimals (0.5 + 0.25…): compare them with a tolerance. */
const EPSILON = 1e-9;

export interface KeyCheck {
  problems: PackageProblem[];
  /** The key with every entry parsed by its item's schema; null when anything is wrong. */
  key: ExamPackage['key'];
}

/**
 * key.json rules (DESIGN 4): its schema, the exam it belongs to, one valid entry per item (by the
 * item's type), option ids that exist, regexes that compile, rubric totals equal to the item's
 * points, and hidden tests for coding commands that run them.
 *
 * `dirs` lists the folders of the package (relative paths) so coding keys can be checked
 * against tasks/<t>/hidden without another disk read.
 */
export function checkKey(raw: unknown, view: ExamView, dirs: ReadonlySet<string>): KeyCheck {
  const problems: PackageProblem[] = [];
  const parsed = keySchema.safeParse(raw);
  if (!parsed.success) problems.push(...zodProblems(FILE, parsed.error));

  const rec = isRecord(raw) ? raw : null;
  if (typeof rec?.examId === 'string' && view.id !== null && rec.examId !== view.id) {
    problems.push(problem(FILE, 'examId', `${quote(rec.examId)} does not match exam.json id ${quote(view.id)}`));
  }
  if (typeof rec?.examVersion === 'string' && view.version !== null && rec.examVersion !== view.version) {
    problems.push(problem(FILE, 'examVersion', `${quote(rec.examVersion)} does not match exam.json version ${quote(view.version)}`));
  }

  const rawItems = isRecord(rec?.items) ? rec.items : null;
  // A Map, not an object: an item id of "__proto__" in a broken exam must stay plain data.
  const entries = new Map<string, KeyEntry>();
  if (rawItems) {
    for (const [id, entry] of Object.entries(rawItems)) {
      const v = view.byId.get(id);
      if (!v) {
        // Without a readable item list there is nothing to compare with; exam.json's problems say
        // why. An id that is not even an identifier already has its own schema problem.
        if (view.itemsComplete && identifier.safeParse(id).success) problems.push(problem(FILE, ['items', id], `no item ${quote(id)} in exam.json`));
        continue;
      }
      const type = v.item?.type ?? v.type;
      // Not an object: keySchema said so. Unknown item type: exam.json's problem says so.
      if (!isRecord(entry) || type === null) continue;
      const result = keyEntrySchemas[type].safeParse(entry);
      if (result.success) entries.set(id, result.data);
      else problems.push(...zodProblems(FILE, result.error, ['items', id]));
      // The cross-checks read the raw entry and item, so that one bad field (an item's points, a
      // key's timeout) does not hide an unrelated problem next to it.
      problems.push(...checkEntry(id, type, v.raw, entry, dirs));
    }
    const seen = new Set<string>();
    for (const v of view.items) {
      if (v.id === null || seen.has(v.id)) continue;
      seen.add(v.id);
      if (!Object.hasOwn(rawItems, v.id)) {
        problems.push(problem(FILE, ['items', v.id], `no key entry for item ${v.id}${v.type ? ` (${v.type})` : ''}`));
      }
    }
  }

  const key = parsed.success && problems.length === 0 ? { ...parsed.data, items: Object.fromEntries(entries) } : null;
  return { problems, key };
}

function checkEntry(id: string, type: ItemType, item: Record<string, unknown>, entry: Record<string, unknown>, dirs: ReadonlySet<string>): PackageProblem[] {
  const out: PackageProblem[] = [];
  const at = (...rest: Array<string | number>) => ['items', id, ...rest];
  const optionIds = Array.isArray(item.options)
    ? new Set(item.options.flatMap((o: unknown) => (isRecord(o) && typeof o.id === 'string' ? [o.id] : [])))
    : null;
  const notAnOption = (optionId: string) => `option ${quote(optionId)} is not an option of item ${id}`;

  if (type === 'single-choice' && optionIds && typeof entry.answer === 'string') {
    if (!optionIds.has(entry.answer)) out.push(problem(FILE, at('answer'), notAnOption(entry.answer)));
  }
  if (type === 'multiple-choice' && optionIds && Array.isArray(entry.answers)) {
    const listed = new Set<string>();
    entry.answers.forEach((a: unknown, i) => {
      if (typeof a !== 'string') return;
      if (!optionIds.has(a)) out.push(problem(FILE, at('answers', i), notAnOption(a)));
      else if (listed.has(a)) out.push(problem(FILE, at('answers', i), `option ${quote(a)} is listed twice`));
      listed.add(a);
    });
  }
  if (type === 'short-text' && Array.isArray(entry.accept)) {
    const maxLength = typeof item.maxLength === 'number' ? item.maxLength : null;
    entry.accept.forEach((text: unknown, i) => {
      if (typeof text !== 'string') return;
      const pattern = parseAcceptEntry(text);
      if (pattern.kind === 'regex') {
        const compiled = compileAcceptRegex(pattern);
        if (!compiled.ok) out.push(problem(FILE, at('accept', i), compiled.reason));
      } else if (maxLength !== null && foldWhitespace(pattern.text).length > maxLength) {
        out.push(problem(FILE, at('accept', i), `longer than the item's maxLength (${maxLength}): no answer can match it`));
      }
    });
  }
  if (type === 'essay' && Array.isArray(entry.rubric) && typeof item.points === 'number' && item.points > 0) {
    const points = entry.rubric.map((c: unknown) => (isRecord(c) && typeof c.points === 'number' ? c.points : Number.NaN));
    const total = points.reduce((sum, p) => sum + p, 0);
    if (Number.isFinite(total) && Math.abs(total - item.points) > EPSILON) {
      out.push(problem(FILE, at('rubric'), `rubric points add up to ${round(total)} but item ${id} is worth ${item.points} points`));
    }
  }
  if (type === 'essay' && Array.isArray(entry.rubric)) {
    entry.rubric.forEach((c: unknown, ci) => {
      if (isRecord(c) && Array.isArray(c.levels) && typeof c.points === 'number') out.push(...checkLevels(c.levels, c.points, at('rubric', ci, 'levels')));
    });
  }
  if (type === 'coding' && Array.isArray(entry.tests)) out.push(...checkWeightedTests(id, item, entry.tests, at('tests')));
  if (type === 'coding' && isRecord(entry.start)) {
    const offered = Array.isArray(item.languages) ? item.languages : [];
    for (const lang of Object.keys(entry.start)) {
      if (!offered.includes(lang)) out.push(problem(FILE, at('start', lang), `item ${id} does not offer ${quote(lang)} (languages: ${offered.join(', ') || 'none'})`));
    }
  }
  if (type === 'coding' && typeof entry.command === 'string' && typeof item.task === 'string') {
    // Grading copies tasks/<t>/hidden/ into the workspace as hidden/ (DESIGN 7): a command that
    // names it needs the folder. A command that does not (an exit-code check) may go without.
    // A missing task folder is exam.json's problem, reported once there.
    const usesHidden = /(^|[^A-Za-z0-9_-])hidden([^A-Za-z0-9_-]|$)/.test(entry.command);
    if (usesHidden && dirs.has(item.task) && !dirs.has(`${item.task}/hidden`)) {
      out.push(problem(FILE, at('command'), `runs hidden tests but the package has no ${item.task}/hidden/ folder`));
    }
  }
  return out;
}

/**
 * Weighted hidden tests (DESIGN 13): their points add up to the item's, each skill is one the item
 * is tagged with (so its share of the exam is what the delivery package says), regexes compile.
 * Whether each leaf matches one entry needs the reference run: the grader and `vigil lint` check it.
 */
function checkWeightedTests(id: string, item: Record<string, unknown>, tests: unknown[], at: Array<string | number>): PackageProblem[] {
  const out: PackageProblem[] = [];
  // Only string tags: a malformed `skills` (reported by the exam's own schema) may hold anything,
  // even an object whose toString is not a function, and must not make this check throw.
  const tags: string[] = (Array.isArray(item.skills) ? item.skills : isRecord(item.skills) ? Object.keys(item.skills) : []).filter((s): s is string => typeof s === 'string');
  let total = 0;
  tests.forEach((t: unknown, i) => {
    if (!isRecord(t)) return;
    total += typeof t.points === 'number' ? t.points : Number.NaN;
    if (typeof t.skill === 'string' && !tags.includes(t.skill)) {
      out.push(problem(FILE, [...at, i, 'skill'], `skill ${quote(t.skill)} is not one of item ${id}'s skills (${tags.join(', ') || 'none'})`));
    }
    if (typeof t.name === 'string') {
      const pattern = parseAcceptEntry(t.name);
      if (pattern.kind === 'regex') {
        const compiled = compileAcceptRegex(pattern);
        if (!compiled.ok) out.push(problem(FILE, [...at, i, 'name'], compiled.reason));
      }
    }
  });
  if (Number.isFinite(total) && typeof item.points === 'number' && Math.abs(total - item.points) > EPSILON) {
    out.push(problem(FILE, at, `test points add up to ${round(total)} but item ${id} is worth ${item.points} points`));
  }
  return out;
}

/** A criterion's levels run from 0 to its points, each worth a different number of points. */
function checkLevels(levels: unknown[], points: number, at: Array<string | number>): PackageProblem[] {
  const out: PackageProblem[] = [];
  const values = levels.map((l) => (isRecord(l) && typeof l.points === 'number' ? l.points : Number.NaN));
  if (values.some((v) => !Number.isFinite(v))) return out; // the schema says which level is broken
  const seen = new Set<number>();
  values.forEach((v, i) => {
    if (v > points + EPSILON) out.push(problem(FILE, [...at, i, 'points'], `a level is worth at most the criterion's ${points} points, got ${v}`));
    if (seen.has(v)) out.push(problem(FILE, [...at, i, 'points'], `two levels are worth ${v} points: a grader could not tell them apart`));
    seen.add(v);
  });
  if (!values.some((v) => Math.abs(v - points) <= EPSILON)) out.push(problem(FILE, at, `no level is worth the criterion's full ${points} points`));
  if (!values.some((v) => v === 0)) out.push(problem(FILE, at, 'no level is worth 0 points: a grader needs one for an answer that misses the criterion'));
  return out;
}

/** Short-text answers are compared NFC-normalised, trimmed, with whitespace runs folded (DESIGN 4; shared/grading). */
function foldWhitespace(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ');
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
