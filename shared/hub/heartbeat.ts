import { z } from 'zod';
import { attemptStateSchema } from '../lifecycle.js';
import { hubCommandSchema } from './commands.js';
import { hubIdSchema, isoTimeSchema } from './ids.js';

/**
 * Heartbeats (DESIGN 8): once a second, over the live channel or HTTP. They carry the candidate's
 * live status (kept in the hub's memory, not journaled) and acknowledge commands; the reply carries
 * the hub's time, the commands not yet acknowledged and how far the hub holds the journal.
 *
 * Acknowledging a command: after `onCommand` has journaled it, the client lists its id in
 * `ackCommands` of the next heartbeat (the hub also counts a `command` journal entry naming the id
 * as an acknowledgement when it arrives with events). An acknowledged command is not sent again.
 */
export const heartbeatSchema = z.strictObject({
  state: attemptStateSchema,
  /** Items with a saved answer. */
  answered: z.int().min(0).max(100_000),
  /** Time left as the candidate's timer sees it. */
  remainingMs: z.number().min(0).max(7 * 24 * 60 * 60 * 1000),
  /** When the last answer was saved (journaled), or null before the first. */
  lastSavedAt: isoTimeSchema.nullable(),
  /** The candidate's last journal seq (0 before the first entry). */
  journalSeq: z.int().min(0),
  /** Commands carried out (journaled) since the last heartbeat. */
  ackCommands: z.array(hubIdSchema).max(100).optional(),
});

export const heartbeatReplySchema = z.strictObject({
  serverTime: isoTimeSchema,
  /** Commands issued and not acknowledged yet, oldest first. */
  commands: z.array(hubCommandSchema),
  /** The last journal seq the hub holds durably: ship entries after it. */
  ackSeq: z.int().min(0),
});

export type HeartbeatBody = z.infer<typeof heartbeatSchema>;
export type HeartbeatReply = z.infer<typeof heartbeatReplySchema>;
