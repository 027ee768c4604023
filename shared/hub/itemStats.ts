import { z } from 'zod';
import { identifier, ITEM_TYPES } from '../exam/examSchema.js';

/**
 * Item statistics for authors (issue 20, docs/reports.md): classical test theory over the graded
 * results a hub holds. Nulls where a figure is undefined (fewer than two scores, no spread).
 */
export const RELIABLE_MIN_RESULTS = 30;

/** Thresholds the dashboard flags an item at. */
export const ITEM_FLAGS = { easyAbove: 0.9, hardBelow: 0.2, discriminationBelow: 0.1 } as const;

export const itemFlagSchema = z.enum(['too-easy', 'too-hard', 'low-discrimination']);

export const optionFrequencySchema = z.strictObject({
  optionId: identifier,
  text: z.string(),
  /** The key marks this option right. */
  correct: z.boolean(),
  /** Candidates who picked it. */
  count: z.int().min(0),
  /** count / candidates given the item. */
  share: z.number().min(0).max(1),
});

export const itemStatSchema = z.strictObject({
  itemId: identifier,
  /** The item's prompt, shortened: authors recognise items by what they ask. */
  title: z.string(),
  sectionTitle: z.string(),
  type: z.enum(ITEM_TYPES),
  max: z.number().nonnegative(),
  /** Results that hold a final score for the item (drawn items, essays still ungraded: fewer). */
  n: z.int().min(0),
  /** Mean score / max. */
  facility: z.number().min(0).max(1).nullable(),
  /** Pearson correlation of the item score with the rest of the total (total minus this item). */
  discrimination: z.number().min(-1).max(1).nullable(),
  /** Choice items: how often each option was picked, in the exam's option order. */
  options: z.array(optionFrequencySchema).nullable(),
  /** Choice items: candidates given the item who picked nothing. */
  unanswered: z.int().min(0).nullable(),
  flags: z.array(itemFlagSchema),
});

export const itemStatsReplySchema = z.strictObject({
  examId: identifier,
  examTitle: z.string(),
  /** Graded results the figures come from. */
  results: z.int().min(0),
  /** Cronbach's alpha over the items every counted result holds. */
  alpha: z.number().nullable(),
  /** Standard error of measurement, in points: SD of the summed score * sqrt(1 - alpha). */
  sem: z.number().nonnegative().nullable(),
  /** Items alpha and SEM are computed over. */
  alphaItems: z.int().min(0),
  reliable: z.boolean(),
  notes: z.array(z.string()),
  items: z.array(itemStatSchema),
});

export type ItemFlag = z.infer<typeof itemFlagSchema>;
export type OptionFrequency = z.infer<typeof optionFrequencySchema>;
export type ItemStat = z.infer<typeof itemStatSchema>;
export type ItemStatsReply = z.infer<typeof itemStatsReplySchema>;
