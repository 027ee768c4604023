import { allItems, type Exam, type Item } from '../../../shared/exam/examSchema.js';
import type { KeyEntry, KeyEntryFor } from '../../../shared/exam/keySchema.js';
import type { GradedResult } from '../../../shared/grading/resultSchema.js';
import type { CandidateReport, ReportItem, ReportSection, ReportTest } from '../../../shared/hub/candidateReport.js';
import type { CohortReply } from '../../../shared/hub/cohort.js';
import type { HubCommand } from '../../../shared/hub/commands.js';
import type { ManualGrade } from '../../../shared/hub/proctor.js';
import type { SimilarityReply } from '../../../shared/hub/similarity.js';
import { violationDataSchema, type JournalEntry } from '../../../shared/journal.js';
import type { Result } from '../../../shared/result.js';
import { examInfo } from './cohort.js';
import { titleOf } from './itemStats.js';

/**
 * One attempt's candidate report (docs/reports.md), from plain data: the exam and key, the stored
 * result, its final grading, the cohort it ranks in, its journal, its commands, and the
 * similarity pairs. Pure: the hub gathers the inputs, the HTML and PDF render the output.
 */
export interface CandidateReportInput {
  exam: Exam;
  keyItems: Readonly<Record<string, KeyEntry>> | null;
  attemptId: string;
  result: Pick<Result, 'candidate' | 'answers' | 'startedAt' | 'submittedAt' | 'submitReason' | 'workspaces'>;
  graded: GradedResult;
  cohort: CohortReply;
  timeline: readonly JournalEntry[];
  commands: ReadonlyArray<{ command: HubCommand; ackedAt: string | null }>;
  manual: ReadonlyMap<string, ManualGrade>;
  similarity: SimilarityReply;
  now: string;
}

export function buildCandidateReport(input: CandidateReportInput): CandidateReport {
  const { exam, graded, cohort, attemptId } = input;
  const row = cohort.rows.find((r) => r.attemptId === attemptId);
  if (!row) throw new Error(`attempt ${attemptId} is not in the cohort (it has no graded result)`);
  const times = timePerItem(input.timeline);
  const names = new Map(cohort.rows.map((r) => [r.attemptId, r.candidate.name]));
  const titles = new Map(allItems(exam).map(({ item }) => [item.id, titleOf(item)]));

  const sections: ReportSection[] = exam.sections.flatMap((section) => {
    // The candidate's form: only the items this candidate was given (drawn sections).
    const items = section.items.filter((item) => graded.items[item.id] !== undefined).map((item) => reportItem(item, input));
    if (items.length === 0) return [];
    return [
      {
        id: section.id,
        title: section.title,
        score: round(items.reduce((s, i) => s + i.score, 0)),
        max: round(items.reduce((s, i) => s + i.max, 0)),
        timeMs: items.reduce((s, i) => s + (times.get(i.itemId) ?? 0), 0),
        items,
      },
    ];
  });

  const violations = input.timeline.flatMap((e) => {
    if (e.type !== 'violation') return [];
    const v = violationDataSchema.safeParse(e.data);
    return v.success ? [{ at: e.at, kind: v.data.kind, severity: v.data.severity, detail: v.data.detail }] : [];
  });

  return {
    exam: examInfo(exam),
    attemptId,
    candidate: input.result.candidate,
    generatedAt: input.now,
    total: { score: row.score, max: row.maxScore, percent: row.percent, percentile: row.percentile, rank: row.rank, of: cohort.rows.length, cohort: cohort.rows.map((r) => r.percent) },
    pendingManual: row.pendingManual,
    skills: exam.skills.map((s) => {
      const part = row.skills[s.id];
      return {
        id: s.id,
        title: s.title,
        score: part?.score ?? 0,
        max: part?.max ?? 0,
        percent: part?.percent ?? null,
        percentile: part?.percentile ?? null,
        cohort: cohort.rows.flatMap((r) => (r.skills[s.id]?.percent === null || r.skills[s.id] === undefined ? [] : [r.skills[s.id]?.percent as number])),
      };
    }),
    sections,
    startedAt: row.startedAt,
    submittedAt: row.submittedAt,
    timeUsedMs: row.timeUsedMs,
    submitReason: row.submitReason,
    integrity: {
      counts: row.violations,
      violations,
      commands: input.commands.map(({ command, ackedAt }) => ({ type: command.type, text: describeCommand(command), issuedBy: command.issuedBy, issuedAt: command.issuedAt, received: ackedAt !== null })),
      overrides: input.commands.flatMap(({ command }) => (command.type === 'override-preflight' ? [{ checks: command.checks, issuedBy: command.issuedBy, issuedAt: command.issuedAt }] : [])),
      similarity: input.similarity.pairs.flatMap((p) => {
        if (p.a !== attemptId && p.b !== attemptId) return [];
        const mine = p.a === attemptId;
        const other = mine ? p.b : p.a;
        return [
          {
            itemId: p.itemId,
            itemTitle: titles.get(p.itemId) ?? p.itemId,
            other: { attemptId: other, name: names.get(other) ?? 'another candidate' },
            similarity: p.similarity,
            regions: p.regions.map((r) => (mine ? r : { a: r.b, b: r.a })),
          },
        ];
      }),
    },
  };
}

function reportItem(item: Item, input: CandidateReportInput): ReportItem {
  const grade = input.graded.items[item.id] as NonNullable<GradedResult['items'][string]>;
  const answer = input.result.answers[item.id];
  const key = input.keyItems?.[item.id];
  const manual = input.manual.get(item.id);
  const base = {
    itemId: item.id,
    title: titleOf(item),
    prompt: item.prompt,
    type: item.type,
    score: grade.score,
    max: grade.max,
    status: grade.status,
    feedback: grade.feedback ?? null,
    explanation: grade.explanation ?? null,
    gradedBy: manual?.by ?? null,
    comment: manual?.comment ?? null,
    options: null,
    tests: null,
  };
  switch (item.type) {
    case 'single-choice':
    case 'multiple-choice': {
      const chosen = new Set(typeof answer === 'string' ? [answer] : Array.isArray(answer) ? answer.filter((a): a is string => typeof a === 'string') : []);
      const right = new Set(key && 'answer' in key && typeof key.answer === 'string' ? [key.answer] : key && 'answers' in key && Array.isArray(key.answers) ? key.answers : []);
      const options = item.options.map((o) => ({ id: o.id, text: o.text, chosen: chosen.has(o.id), correct: right.has(o.id) }));
      const textOf = (pick: (o: (typeof options)[number]) => boolean) => options.filter(pick).map((o) => o.text).join('; ') || null;
      return { ...base, answer: textOf((o) => o.chosen), key: right.size > 0 ? textOf((o) => o.correct) : null, options };
    }
    case 'short-text': {
      const k = key as KeyEntryFor<'short-text'> | undefined;
      return { ...base, answer: typeof answer === 'string' && answer.trim() ? answer : null, key: k ? `Accepted: ${k.accept.join(' · ')}` : null };
    }
    case 'numeric': {
      const k = key as KeyEntryFor<'numeric'> | undefined;
      const unit = item.unit ? ` ${item.unit}` : '';
      return { ...base, answer: typeof answer === 'number' ? `${answer}${unit}` : null, key: k ? `${k.value}${k.tolerance ? ` ± ${k.tolerance}` : ''}${unit}` : null };
    }
    case 'essay': {
      const k = key as KeyEntryFor<'essay'> | undefined;
      return { ...base, answer: typeof answer === 'string' && answer.trim() ? answer : null, key: k ? k.rubric.map((c) => `${c.text} (${c.points} pt${c.points === 1 ? '' : 's'})`).join('\n') : null };
    }
    case 'sql': {
      const k = key as KeyEntryFor<'sql'> | undefined;
      return { ...base, answer: typeof answer === 'string' && answer.trim() ? answer : null, key: k ? k.query : null };
    }
    case 'coding': {
      const k = key as KeyEntryFor<'coding'> | undefined;
      const ws = input.result.workspaces[item.id];
      return { ...base, answer: ws ? 'Workspace submitted (see the editor replay for how it was written)' : null, key: null, tests: codingTests(grade.feedback, k) };
    }
    default:
      return { ...base, answer: null, key: null };
  }
}

/**
 * Hidden tests per behaviour, from the coding grade's feedback ("N of M hidden tests passed." and
 * a "Not passed:" list, electron/core/grading/coding/codingFeedback.ts) and the key's weighted
 * tests: a weighted test passed unless a not-passed leaf matches its name.
 */
export function codingTests(feedback: string | undefined, key: KeyEntryFor<'coding'> | undefined): { passed: number; total: number; list: ReportTest[] } | null {
  if (!feedback) return key?.tests ? { passed: key.tests.length, total: key.tests.length, list: key.tests.map((t) => ({ name: t.name, passed: true, points: t.points, skill: t.skill })) } : null;
  const tally = /(\d+) of (\d+) hidden tests? passed\./.exec(feedback);
  if (!tally) return null;
  const notPassed: string[] = [];
  const lines = feedback.split('\n');
  const start = lines.indexOf('Not passed:');
  if (start >= 0) {
    for (const line of lines.slice(start + 1)) {
      if (!line.startsWith('- ')) break;
      notPassed.push(line.slice(2).replace(/ \((no result: it did not run|[a-z-]+)\)$/, ''));
    }
  }
  const matches = (name: string, id: string) => {
    const re = /^\/(.+)\/([a-z]*)$/.exec(name);
    return re ? new RegExp(re[1] as string, re[2]).test(id) : name === id;
  };
  const list: ReportTest[] = key?.tests
    ? key.tests.map((t) => ({ name: t.name, passed: !notPassed.some((id) => matches(t.name, id)), points: t.points, skill: t.skill }))
    : notPassed.map((name) => ({ name, passed: false, points: null, skill: null }));
  return { passed: Number(tally[1]), total: Number(tally[2]), list };
}

/**
 * Time per item, estimated from the journal: while the attempt is in progress, the time from one
 * saved change (an answer, an edit, terminal output) to the next is counted for the item of the
 * later change. Paused spans do not count.
 */
export function timePerItem(timeline: readonly JournalEntry[]): Map<string, number> {
  const out = new Map<string, number>();
  let since: number | null = null;
  for (const e of timeline) {
    const at = Date.parse(e.at);
    if (!Number.isFinite(at)) continue;
    if (e.type === 'state') {
      const to = (e.data as { to?: unknown } | null)?.to;
      since = to === 'in-progress' ? at : null;
      continue;
    }
    const itemId = (e.data as { itemId?: unknown } | null)?.itemId;
    if (since === null || typeof itemId !== 'string') continue;
    out.set(itemId, (out.get(itemId) ?? 0) + Math.max(0, at - since));
    since = at;
  }
  return out;
}

function describeCommand(command: HubCommand): string {
  switch (command.type) {
    case 'add-time':
      return `Added ${command.minutes} min`;
    case 'pause':
      return command.reason ? `Paused: ${command.reason}` : 'Paused';
    case 'resume':
      return 'Resumed';
    case 'lock':
      return command.message ? `Locked: ${command.message}` : 'Locked';
    case 'unlock':
      return 'Unlocked';
    case 'message':
      return `Message: ${command.text}`;
    case 'force-submit':
      return 'Force-submitted';
    case 'allow-quit':
      return 'Allowed to quit';
    case 'override-preflight':
      return `Overrode pre-flight checks: ${command.checks.join(', ')}`;
    default:
      return 'Command';
  }
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
