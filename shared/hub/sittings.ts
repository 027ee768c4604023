import { z } from 'zod';
import { isoTimeSchema, plainText } from './ids.js';

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
  /** Attempts enrolled into it, not counting those a new device of the same candidate replaced. */
  attempts: z.int().min(0),
});

export const sittingListReplySchema = z.array(sittingSchema);

/** `?sitting=<id>` on the grid and the CSV. */
export const sittingQuerySchema = z.strictObject({ sitting: z.string().regex(/^s[A-Za-z0-9_-]{1,40}$/).optional() });

/**
 * A sitting's own access code, where one is chosen rather than generated (the CLI's
 * `--access-code`, the dashboard's form): long enough not to be guessed by accident, short enough
 * to read out in a room, and only characters every keyboard layout types the same way.
 */
export const sittingAccessCodeSchema = z.string().regex(/^[A-Za-z0-9-]{4,64}$/, 'must be 4 to 64 letters, digits or dashes');

const sittingFieldsShape = {
  name: plainText(120).trim().min(1, 'must not be empty'),
  accessCode: sittingAccessCodeSchema.optional(),
  opens: isoTimeSchema.optional(),
  closes: isoTimeSchema.optional(),
};

/** An empty window would refuse every candidate: almost certainly a typo in one of the two times. */
function windowInOrder(s: { opens?: string | undefined; closes?: string | undefined }, ctx: z.RefinementCtx): void {
  if (s.opens !== undefined && s.closes !== undefined && Date.parse(s.closes) <= Date.parse(s.opens)) {
    ctx.addIssue({ code: 'custom', path: ['closes'], message: 'must be after opens' });
  }
}

/**
 * What a new sitting is made of besides its package, checked the same way for `vigil hub sitting
 * add` and the dashboard's `createSitting`. Times need an offset (or Z): the hub and the admin's
 * browser may not share a time zone, so a bare local time would mean two different instants.
 */
export const sittingFieldsSchema = z.strictObject(sittingFieldsShape).superRefine(windowInOrder);

/** One of the grading packages the hub already serves, by exam id and version. */
export const sittingPackageSchema = z.strictObject({ examId: z.string().min(1).max(128), examVersion: z.string().min(1).max(128) });

/**
 * `createSitting`'s body: the fields above and, optionally, which package (default: the exam the
 * hub was started with). Only packages the hub already serves can be named: a path typed into a
 * browser must not make the hub read arbitrary folders.
 */
export const createSittingRequestSchema = z.strictObject({ ...sittingFieldsShape, package: sittingPackageSchema.optional() }).superRefine(windowInOrder);

export type SittingView = z.infer<typeof sittingSchema>;
export type SittingFields = z.infer<typeof sittingFieldsSchema>;
export type CreateSittingRequest = z.infer<typeof createSittingRequestSchema>;
