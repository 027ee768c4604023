import { z } from 'zod';
import { identifier } from './examSchema.js';

/**
 * tasks/<task>/mutants.json (DESIGN 13): flawed solutions in tasks/<task>/mutants/<name>/
 * (per language under <name>/<language>/), each with the most points the hidden suite may give it.
 * A suite that lets a flaw score more fails `vigil lint --run`.
 */
export const mutantsSchema = z.record(
  identifier,
  z.strictObject({
    flaw: z.string().min(1).max(2000),
    maxPoints: z.number().nonnegative().max(1000),
  }),
);
export type Mutants = z.infer<typeof mutantsSchema>;

/** The starter may score at most this share of an item's points (a test that passes untouched starter code measures nothing). */
export const STARTER_MAX_SHARE = 0.1;
