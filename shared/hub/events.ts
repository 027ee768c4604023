import { z } from 'zod';
import { journalEntrySchema } from '../journal.js';
import { EVENT_BATCH_MAX_ENTRIES } from './limits.js';

/**
 * Journal shipping (DESIGN 8). Entries are sent in seq order from the hub's `ackSeq` + 1. The hub
 * checks the chain as they arrive (seq, prev, hash) and stores them durably before replying.
 * Idempotent by seq: an entry the hub already holds is accepted when identical and refused (409)
 * when different. A batch starting after a gap is refused with 409 and `details.ackSeq`, so the
 * client can resend from there.
 */
export const eventsRequestSchema = z.strictObject({
  entries: z.array(journalEntrySchema).min(1).max(EVENT_BATCH_MAX_ENTRIES),
});

export const eventsReplySchema = z.strictObject({ ackSeq: z.int().min(0) });

export type EventsRequest = z.infer<typeof eventsRequestSchema>;
export type EventsReply = z.infer<typeof eventsReplySchema>;
