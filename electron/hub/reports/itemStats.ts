import { allItems, type Exam, type Item } from '../../../shared/exam/examSchema.js';
import type { KeyEntry } from '../../../shared/exam/keySchema.js';
import type { GradedResult, ItemGrade } from '../../../shared/grading/resultSchema.js';
import { ITEM_FLAGS, RELIABLE_MIN_RESULTS, type ItemFlag, type ItemStat, type ItemStatsReply, type OptionFrequency } from '../../../shared/hub/itemStats.js';
import { mean, pearson, round4, variance } from './statistics.js';

/**
 * Item statistics (docs/reports.md) from plain data: the exam, its key (for the right options) and
 * every graded result with the answers it was graded from. Pure, so it is recomputed on each
 * request from whatever results the hub holds at that moment.
 */
export interface ItemStatsInput {
  exam: Pick<Exam, 'id' | 'title' | 'sections'>;
  /** The key's entries by item id; null in a delivery-only package (no right options marked). */
  keyItems: Readonly<Record<string, KeyEntry>> | null;
  results: ReadonlyArray<{ graded: GradedResult; answers: Readonly<Record<string, unknown>> }>;
}

/** A grade that is a final score: an essay waiting for a person or a grader error is not one. */
function finalScore(grade: ItemGrade | undefined): number | null {
  if (!grade || grade.status === 'pending-manual' || grade.status === 'error') return null;
  return grade.score;
}

export function computeItemStats(input: ItemStatsInput): ItemStatsReply {
  const { exam, results } = input;
  const items = allItems(exam);
  const notes: string[] = [];

  const stats: ItemStat[] = items.map(({ section, item }) => {
    const scores: number[] = [];
    const rests: number[] = [];
    const answersGiven: unknown[] = [];
    for (const { graded, answers } of results) {
      const score = finalScore(graded.items[item.id]);
      if (score === null) continue;
      scores.push(score);
      // Corrected item-total: the item is taken out of the total it is correlated with, or it
      // would correlate with itself and look better than it is.
      rests.push(graded.score - score);
      answersGiven.push(answers[item.id]);
    }
    const facility = scores.length > 0 && item.points > 0 ? round4(Math.min(1, mean(scores) / item.points)) : null;
    const r = pearson(scores, rests);
    const discrimination = r === null ? null : round4(r);
    const choice = choiceFrequencies(item, input.keyItems?.[item.id], answersGiven);
    return {
      itemId: item.id,
      title: titleOf(item),
      sectionTitle: section.title,
      type: item.type,
      max: item.points,
      n: scores.length,
      facility,
      discrimination,
      options: choice?.options ?? null,
      unanswered: choice?.unanswered ?? null,
      flags: flagsOf(facility, discrimination),
    };
  });

  // Alpha needs one score matrix without holes: the results every one of which holds a final
  // score for the same items. Items missing from some results (drawn sections, ungraded essays)
  // are left out of alpha and said so.
  const common = items.map(({ item }) => item).filter((item) => results.length > 0 && results.every(({ graded }) => finalScore(graded.items[item.id]) !== null));
  const left = items.length - common.length;
  if (left > 0 && results.length > 0) notes.push(`${left} of ${items.length} items ${left === 1 ? 'is' : 'are'} not in every graded result (drawn, or an essay still ungraded) and ${left === 1 ? 'is' : 'are'} left out of alpha and the SEM.`);
  const { alpha, sem } = cronbach(common.map((item) => results.map(({ graded }) => finalScore(graded.items[item.id]) as number)));

  const reliable = results.length >= RELIABLE_MIN_RESULTS;
  if (!reliable) {
    notes.unshift(`Only ${results.length} graded result${results.length === 1 ? '' : 's'}: with fewer than ${RELIABLE_MIN_RESULTS} these figures are unreliable, a guide at most.`);
  }
  return {
    examId: exam.id,
    examTitle: exam.title,
    results: results.length,
    alpha: alpha === null ? null : round4(alpha),
    sem: sem === null ? null : round4(sem),
    alphaItems: common.length,
    reliable,
    notes,
    items: stats,
  };
}

/**
 * Cronbach's alpha over item score columns (one array per item, candidates in the same order):
 * k / (k - 1) * (1 - sum of item variances / variance of the summed score); the SEM is the SD of
 * the summed score times sqrt(1 - alpha). Null below two items or two candidates, or without spread.
 */
export function cronbach(columns: ReadonlyArray<readonly number[]>): { alpha: number | null; sem: number | null } {
  const k = columns.length;
  const n = columns[0]?.length ?? 0;
  if (k < 2 || n < 2) return { alpha: null, sem: null };
  const totals = Array.from({ length: n }, (_, c) => columns.reduce((s, col) => s + (col[c] as number), 0));
  const totalVar = variance(totals);
  if (!(totalVar > 1e-12)) return { alpha: null, sem: null };
  const itemVars = columns.reduce((s, col) => s + variance(col), 0);
  const alpha = (k / (k - 1)) * (1 - itemVars / totalVar);
  // A negative alpha (items pulling apart) has no meaningful SEM below the SD; cap it at the SD.
  const sem = Math.sqrt(totalVar) * Math.sqrt(Math.min(1, Math.max(0, 1 - alpha)));
  return { alpha, sem };
}

function choiceFrequencies(item: Item, key: KeyEntry | undefined, answers: readonly unknown[]): { options: OptionFrequency[]; unanswered: number } | null {
  if (item.type !== 'single-choice' && item.type !== 'multiple-choice') return null;
  const right = new Set<string>();
  if (key && 'answer' in key && typeof key.answer === 'string') right.add(key.answer);
  if (key && 'answers' in key && Array.isArray(key.answers)) for (const a of key.answers) if (typeof a === 'string') right.add(a);
  const counts = new Map(item.options.map((o) => [o.id, 0]));
  let unanswered = 0;
  for (const answer of answers) {
    const picked = typeof answer === 'string' ? [answer] : Array.isArray(answer) ? [...new Set(answer.filter((a): a is string => typeof a === 'string'))] : [];
    const known = picked.filter((id) => counts.has(id));
    if (known.length === 0) unanswered++;
    for (const id of known) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const n = answers.length;
  return {
    options: item.options.map((o) => {
      const count = counts.get(o.id) ?? 0;
      return { optionId: o.id, text: o.text, correct: right.has(o.id), count, share: n === 0 ? 0 : round4(count / n) };
    }),
    unanswered,
  };
}

function flagsOf(facility: number | null, discrimination: number | null): ItemFlag[] {
  const flags: ItemFlag[] = [];
  if (facility !== null && facility > ITEM_FLAGS.easyAbove) flags.push('too-easy');
  if (facility !== null && facility < ITEM_FLAGS.hardBelow) flags.push('too-hard');
  if (discrimination !== null && discrimination < ITEM_FLAGS.discriminationBelow) flags.push('low-discrimination');
  return flags;
}

/** The first line of the prompt without Markdown marks, at most 90 characters. */
export function titleOf(item: Pick<Item, 'prompt'>): string {
  const line = item.prompt.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  // Emphasis and code marks go; underscores stay (they are in identifiers like customer_id).
  const plain = line.replace(/^#+\s*/, '').replace(/[*`]/g, '').trim();
  return plain.length > 90 ? `${plain.slice(0, 89)}…` : plain;
}
