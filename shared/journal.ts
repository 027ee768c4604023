import { z } from 'zod';
import { attemptStateSchema } from './attempt.js';
import { canonicalJson } from './canonicalJson.js';
import { languageSchema } from './exam/examSchema.js';

/**
 * The attempt journal (DESIGN 5): append-only, hash-chained entries, the source of truth for an
 * attempt. The format is stable: the hub verifies chains as they arrive and the signed result names
 * the head hash, so a field added here is a format change.
 */
export const journalEntryTypeSchema = z.enum(['state', 'answer', 'flag', 'violation', 'command', 'timer', 'terminal', 'sync', 'repair', 'edit', 'language']);
export type JournalEntryType = z.infer<typeof journalEntryTypeSchema>;

const hexSha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a hex SHA-256');

export const journalEntrySchema = z.object({
  /** Counts from 1 without gaps. */
  seq: z.int().min(1),
  /** Wall-clock time, ISO 8601. */
  at: z.iso.datetime({ offset: true }),
  /** Milliseconds of a monotonic clock since the attempt started. */
  mono: z.number().min(0),
  type: journalEntryTypeSchema,
  data: z.unknown(),
  /** The previous entry's hash; null for seq 1. */
  prev: hexSha256.nullable(),
  /** Hex SHA-256 of canonicalJson(entry without `hash`). */
  hash: hexSha256,
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;
export type UnhashedJournalEntry = Omit<JournalEntry, 'hash'>;

// Typed payloads. Loose objects: the named fields are checked, extra context a producer adds is kept
// (and hashed) rather than silently stripped.
export const stateDataSchema = z.looseObject({
  from: attemptStateSchema,
  to: attemptStateSchema,
  reason: z.string().optional(),
});
export const answerDataSchema = z.looseObject({
  itemId: z.string().min(1),
  /** Any JSON value; null clears the answer. */
  value: z.unknown().refine((v) => v !== undefined, 'an answer value is required (use null to clear)'),
});
export const flagDataSchema = z.looseObject({
  itemId: z.string().min(1),
  flagged: z.boolean(),
});
export const violationSeveritySchema = z.enum(['info', 'warning', 'critical']);
export const violationDataSchema = z.looseObject({
  kind: z.string().min(1),
  severity: violationSeveritySchema,
  detail: z.string(),
});
export const repairDataSchema = z.looseObject({
  what: z.string().min(1),
  detail: z.string(),
});

/**
 * One save of a workspace file from the editor (debounced: at most one per autosave), as the span
 * replaced (shared/editDiff.ts). `base` is the whole file before the change, present only when the
 * journal does not already end with that text for this file (its first edit, or the shell changed
 * it since), so a replay can always rebuild the file from the entries alone.
 */
export const editDataSchema = z.looseObject({
  itemId: z.string().min(1),
  path: z.string().min(1),
  from: z.int().min(0),
  to: z.int().min(0),
  insert: z.string(),
  base: z.string().optional(),
  /** Length of the file after the change. */
  length: z.int().min(0),
});

/**
 * The language the candidate picked for a multi-language coding item (its workspace is seeded from
 * that language's starter). A later entry for the same item is a switch: the workspace was reset.
 */
export const languageDataSchema = z.looseObject({
  itemId: z.string().min(1),
  language: languageSchema,
  /** Present on a switch: the language given up (its files were discarded). */
  from: languageSchema.optional(),
});

export type LanguageData = z.infer<typeof languageDataSchema>;
export type EditData = z.infer<typeof editDataSchema>;
export type StateData = z.infer<typeof stateDataSchema>;
export type AnswerData = z.infer<typeof answerDataSchema>;
export type FlagData = z.infer<typeof flagDataSchema>;
export type ViolationSeverity = z.infer<typeof violationSeveritySchema>;
export type ViolationData = z.infer<typeof violationDataSchema>;
export type RepairData = z.infer<typeof repairDataSchema>;

/** Data schemas by entry type; types not listed here carry data their owning module defines. */
export const journalDataSchemas = {
  state: stateDataSchema,
  answer: answerDataSchema,
  flag: flagDataSchema,
  violation: violationDataSchema,
  repair: repairDataSchema,
  edit: editDataSchema,
  language: languageDataSchema,
} as const satisfies Partial<Record<JournalEntryType, z.ZodType>>;

type TypedEntryType = keyof typeof journalDataSchemas;

/** The schema an entry type's data must pass, if the journal defines one. */
export function journalDataSchemaFor(type: JournalEntryType): z.ZodType | undefined {
  return Object.hasOwn(journalDataSchemas, type) ? journalDataSchemas[type as TypedEntryType] : undefined;
}
/** The data an entry of type T carries: typed where the journal defines it, else any JSON value. */
export type JournalData<T extends JournalEntryType> = T extends TypedEntryType ? z.input<(typeof journalDataSchemas)[T]> : unknown;

/** A synchronous hash of text to lowercase hex; injected because shared/ cannot use node:crypto. */
export type HashFn = (text: string) => string;

/** The exact text an entry's hash covers. */
export function journalHashInput(entry: UnhashedJournalEntry): string {
  const { seq, at, mono, type, data, prev } = entry;
  return canonicalJson({ seq, at, mono, type, data, prev });
}

export type ChainCheck = { ok: true; headHash: string | null; lastSeq: number } | { ok: false; seq: number; reason: string };

/**
 * Checks that `entries` continue the chain after `after` (default: the empty journal): seqs count up
 * by one, each `prev` names the previous hash, and each hash matches its entry. Pure: the caller
 * passes the hash function (SHA-256 to hex).
 */
export function verifyChain(
  entries: readonly JournalEntry[],
  hashFn: HashFn,
  after: { lastSeq: number; headHash: string | null } = { lastSeq: 0, headHash: null },
): ChainCheck {
  let expectedSeq = after.lastSeq + 1;
  let prev = after.headHash;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { ok: false, seq: entry.seq, reason: `expected seq ${expectedSeq}, found ${entry.seq}` };
    if (entry.prev !== prev) return { ok: false, seq: entry.seq, reason: `prev does not name the hash of entry ${expectedSeq - 1}` };
    const hash = hashFn(journalHashInput(entry));
    if (entry.hash !== hash) return { ok: false, seq: entry.seq, reason: 'hash does not match the entry (altered or damaged)' };
    prev = entry.hash;
    expectedSeq++;
  }
  return { ok: true, headHash: prev, lastSeq: expectedSeq - 1 };
}
