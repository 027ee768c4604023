import { z } from 'zod';
import { identifier } from '../exam/examSchema.js';

/**
 * Code similarity between candidates' coding answers (issue 20, docs/reports.md): winnowed
 * fingerprints of normalised tokens, as MOSS does. A flag for a person to review, never a penalty.
 */
export const SIMILARITY_DEFAULTS = {
  /** Tokens per k-gram: a match shorter than this is never seen. */
  k: 12,
  /** Winnowing window: any match of at least w + k - 1 tokens is always seen. */
  w: 8,
  /** Flag a pair when this share of the smaller submission's fingerprints is in the other. */
  threshold: 0.6,
  /** Below this many fingerprints (after starter code is removed) a submission is too small to judge. */
  minFingerprints: 8,
} as const;

export const lineRangeSchema = z.strictObject({ file: z.string(), from: z.int().min(1), to: z.int().min(1), text: z.string() });

export const matchRegionSchema = z.strictObject({ a: lineRangeSchema, b: lineRangeSchema });

export const similarityPairSchema = z.strictObject({
  itemId: identifier,
  a: z.string(),
  b: z.string(),
  /** Shared fingerprints / fingerprints of the smaller submission, 0 to 1. */
  similarity: z.number().min(0).max(1),
  shared: z.int().min(0),
  aFingerprints: z.int().min(0),
  bFingerprints: z.int().min(0),
  /** Matching regions, side by side, in a's order. */
  regions: z.array(matchRegionSchema),
});

export const similarityReplySchema = z.strictObject({
  k: z.int(),
  w: z.int(),
  threshold: z.number(),
  /** Coding items compared, with how many submissions each had. */
  items: z.array(z.strictObject({ itemId: identifier, title: z.string(), submissions: z.int().min(0) })),
  /** Flagged pairs only, most similar first. */
  pairs: z.array(similarityPairSchema),
  /** Submissions that could not be read (a refused archive), so they are known to be missing. */
  unreadable: z.array(z.strictObject({ itemId: identifier, attemptId: z.string(), reason: z.string() })),
});

export type LineRange = z.infer<typeof lineRangeSchema>;
export type MatchRegion = z.infer<typeof matchRegionSchema>;
export type SimilarityPair = z.infer<typeof similarityPairSchema>;
export type SimilarityReply = z.infer<typeof similarityReplySchema>;
