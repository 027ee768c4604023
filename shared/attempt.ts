import { z } from 'zod';

// The states and their transitions belong to the lifecycle; the store only records them.
import { attemptStateSchema, type AttemptState } from './lifecycle.js';

export { attemptStateSchema, type AttemptState };

/** A new attempt is checked in before anything is journaled. */
export const INITIAL_ATTEMPT_STATE: AttemptState = 'checked-in';

export const ATTEMPT_DOCUMENT_FORMAT = 'vigil-attempt/1';

const seqSchema = z.int().min(1);
const isoSchema = z.iso.datetime({ offset: true });

/** The newest journaled answer of one item. */
export const savedAnswerSchema = z.object({
  value: z.unknown(),
  /** Wall-clock time of the journal entry that saved it. */
  savedAt: isoSchema,
  /** Journal seq of that entry. */
  seq: seqSchema,
});
export type SavedAnswer = z.infer<typeof savedAnswerSchema>;

/** The newest entry of a kind whose data another module owns (timer checkpoint, sync status). */
export const entryCheckpointSchema = z.object({
  seq: seqSchema,
  at: isoSchema,
  mono: z.number().min(0),
  data: z.unknown(),
});
export type EntryCheckpoint = z.infer<typeof entryCheckpointSchema>;

/**
 * attempt.json (DESIGN 5): a view of the journal, rebuilt from it whenever it is missing, damaged
 * or behind. Nothing here is authoritative; `lastSeq`/`headHash` say which journal prefix it shows.
 */
export const attemptDocumentSchema = z.object({
  format: z.literal(ATTEMPT_DOCUMENT_FORMAT),
  attemptId: z.string().min(1),
  state: attemptStateSchema,
  /** Reason given with the last state transition (e.g. `time-up`), null if none. */
  stateReason: z.string().nullable(),
  answers: z.record(z.string(), savedAnswerSchema),
  /** Ids of flagged items, in the order they were flagged. */
  flags: z.array(z.string()),
  /** The last `timer` entry: the elapsed-time checkpoint. */
  timer: entryCheckpointSchema.nullable(),
  /** The last `sync` entry: upload status as the sync client recorded it. */
  sync: entryCheckpointSchema.nullable(),
  violations: z.object({ info: z.int().min(0), warning: z.int().min(0), critical: z.int().min(0) }),
  lastSeq: z.int().min(0),
  headHash: z.string().nullable(),
  /** `at` of the last entry, null before the first. */
  updatedAt: isoSchema.nullable(),
});
export type AttemptDocument = z.infer<typeof attemptDocumentSchema>;

export function emptyAttemptDocument(attemptId: string): AttemptDocument {
  return {
    format: ATTEMPT_DOCUMENT_FORMAT,
    attemptId,
    state: INITIAL_ATTEMPT_STATE,
    stateReason: null,
    answers: {},
    flags: [],
    timer: null,
    sync: null,
    violations: { info: 0, warning: 0, critical: 0 },
    lastSeq: 0,
    headHash: null,
    updatedAt: null,
  };
}
