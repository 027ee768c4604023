import { z } from 'zod';
import { identifier, type Exam, type Item } from './examSchema.js';

/**
 * A candidate's form (DESIGN 13): the items drawn from sections with `draw`, and the option order
 * of choice items with `shuffle`, both from a PRNG seeded by the attempt id. Pure and
 * deterministic: the same exam and attempt id always give the same form, so the candidate's
 * machine, a reload and the hub agree. The form is journaled once and sealed into the result; the
 * hub grades the form in the result (after checking it fits the exam), never a re-draw.
 */
export const formSchema = z.strictObject({
  /** Every item of this form, in delivery order. */
  items: z.array(identifier).max(10_000),
  /** Option ids in the order shown, for shuffled choice items of the form. */
  options: z.record(identifier, z.array(identifier).max(26)),
});
export type Form = z.infer<typeof formSchema>;

/** FNV-1a, 32 bit: a tiny, well-spread string hash for the seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). Stable and well spread; not for secrets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A Fisher-Yates shuffle of a copy of `items`, seeded by the attempt id and a stream name (an item
 * id for its options, "section:<id>" for a draw). One stream per draw, so editing one section of
 * an exam does not change the draws of the others; the renderer shows options in this same order.
 */
export function shuffleFor<T>(items: readonly T[], attemptId: string, stream: string): T[] {
  const random = seededRandom(hashSeed(`${attemptId}\u0000${stream}`));
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

function isShuffled(item: Item): item is Extract<Item, { type: 'single-choice' | 'multiple-choice' }> {
  return (item.type === 'single-choice' || item.type === 'multiple-choice') && item.shuffle === true;
}

export function drawForm(exam: Pick<Exam, 'sections'>, attemptId: string): Form {
  const items: string[] = [];
  const options: Record<string, string[]> = {};
  for (const section of exam.sections) {
    let chosen = section.items;
    if (section.draw !== undefined && section.draw < section.items.length) {
      const picked = new Set(shuffleFor(section.items.map((i) => i.id), attemptId, `section:${section.id}`).slice(0, section.draw));
      // Drawn items keep the author's order: a section reads as written, just shorter.
      chosen = section.items.filter((i) => picked.has(i.id));
    }
    for (const item of chosen) {
      items.push(item.id);
      if (isShuffled(item)) options[item.id] = shuffleFor(item.options.map((o) => o.id), attemptId, item.id);
    }
  }
  return { items, options };
}

/**
 * Why a form (from a result, so from a candidate's machine) does not fit the exam, or null: every
 * item known and listed once, each drawn section's count, whole undrawn sections, option orders
 * that are permutations of shuffled items' options.
 */
export function formProblem(exam: Pick<Exam, 'sections'>, form: Form): string | null {
  const seen = new Set<string>();
  for (const id of form.items) {
    if (seen.has(id)) return `the form lists item "${id}" twice`;
    seen.add(id);
  }
  const known = new Map<string, Item>();
  for (const section of exam.sections) {
    for (const item of section.items) known.set(item.id, item);
    const inForm = section.items.filter((i) => seen.has(i.id)).length;
    const want = Math.min(section.draw ?? section.items.length, section.items.length);
    if (inForm !== want) return `the form has ${inForm} items of section "${section.id}", which gives ${want}`;
  }
  const stray = form.items.find((id) => !known.has(id));
  if (stray) return `the form lists item "${stray}", which the exam does not have`;
  for (const [id, order] of Object.entries(form.options)) {
    const item = known.get(id);
    if (!item || !isShuffled(item) || !seen.has(id)) return `the form orders the options of "${id}", which is not a shuffled choice item of the form`;
    const ids = item.options.map((o) => o.id);
    if (order.length !== ids.length || !ids.every((o) => order.includes(o))) return `the option order of "${id}" is not a permutation of its options`;
  }
  return null;
}

/** "Question n of N" for an item of the candidate's form; null when the item is not in it. */
export function formPosition(form: Pick<Form, 'items'>, itemId: string): { n: number; of: number } | null {
  const index = form.items.indexOf(itemId);
  return index < 0 ? null : { n: index + 1, of: form.items.length };
}
