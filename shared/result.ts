import { z } from 'zod';
import { identifier, languageSchema } from './exam/examSchema.js';
import { formSchema } from './exam/form.js';
import { submitReasonSchema } from './lifecycle.js';

/**
 * The sealed result (DESIGN 8): what a candidate's machine uploads and the hub grades. `signature`
 * is Ed25519 over the canonical JSON of every other field, so the schemas are strict: a field the
 * schema does not know is rejected instead of silently dropped, and the hub verifies the object as
 * it arrived, not a parsed copy with fewer fields.
 */
export const RESULT_FORMAT = 'vigil-result/1';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256');
const isoTime = z.iso.datetime({ offset: true });
const opaqueId = z.string().min(1).max(128);

export const resultWorkspaceSchema = z.strictObject({
  /** The item's workspace as a base64 tar.gz. */
  archive: z.base64().min(1),
  /** Hex SHA-256 of the archive bytes (decoded, not the base64 text). */
  sha256: sha256Hex,
  /** What the archive left out and why (too deep, too long a path, too many, too big, unreadable). */
  skipped: z.array(z.strictObject({ path: z.string().max(1024), reason: z.string().max(300) })).max(101).optional(),
});

export const unsignedResultSchema = z.strictObject({
  format: z.literal(RESULT_FORMAT),
  attemptId: opaqueId,
  examId: identifier,
  examVersion: z.string().min(1).max(64),
  candidate: z.strictObject({ id: opaqueId, name: z.string().min(1).max(200) }),
  device: z.strictObject({ id: opaqueId }),
  startedAt: isoTime,
  submittedAt: isoTime,
  submitReason: submitReasonSchema,
  /** The last saved answer of every answered item, by item id; shape depends on the item type. */
  answers: z.record(identifier, z.json()),
  /** Coding items' workspaces, by item id. */
  workspaces: z.record(identifier, resultWorkspaceSchema),
  /** The language picked for each multi-language coding item (DESIGN 13); the hub grades in it. */
  languages: z.record(identifier, languageSchema).optional(),
  /**
   * The candidate's form (shared/exam/form.ts): the items drawn and option orders shown. The hub
   * grades exactly these items. Absent for exams without draws or shuffles (and older results).
   */
  form: formSchema.optional(),
  /** The journal the result closes: entry count and the last entry's hash (DESIGN 5). */
  journal: z.strictObject({ count: z.int().min(1), headHash: sha256Hex }),
});

/** Base64 of a 64-byte Ed25519 signature. */
export const resultSignatureSchema = z.base64().length(88);

export const resultSchema = unsignedResultSchema.extend({ signature: resultSignatureSchema });

export type UnsignedResult = z.infer<typeof unsignedResultSchema>;
export type Result = z.infer<typeof resultSchema>;
export type ResultWorkspace = z.infer<typeof resultWorkspaceSchema>;
