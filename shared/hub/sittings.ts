import { z } from 'zod';

/**
 * A sitting (issue 19): one exam package (its grading version) served to one group of candidates,
 * with its own access code, an optional time window and a name (a room, a date). Candidates enroll
 * with the sitting's code; the grid and the CSV can be asked for per sitting.
 */
export const sittingSchema = z.strictObject({
  sittingId: z.string(),
  name: z.string(),
  examId: z.string(),
  examVersion: z.string(),
  packageDir: z.string(),
  accessCode: z.string(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});

export const sittingListReplySchema = z.array(sittingSchema);

/** `?sitting=<id>` on the grid and the CSV. */
export const sittingQuerySchema = z.strictObject({ sitting: z.string().regex(/^s[A-Za-z0-9_-]{1,40}$/).optional() });

export type SittingView = z.infer<typeof sittingSchema>;
