import { z } from 'zod';
import { hubIdSchema, isoTimeSchema, multilineText, plainText } from './ids.js';

/**
 * Proctor commands (DESIGN 8). A proctor posts the body (`{type, ...}`); the hub adds
 * `{id, issuedBy, issuedAt}`, journals it and delivers it with heartbeat replies (and pushes it on
 * the live channel) until the candidate acknowledges it. The candidate's attempt service journals
 * every command it carries out as a `command` entry whose data is the command as received.
 */
export const COMMAND_TYPES = ['add-time', 'pause', 'resume', 'lock', 'unlock', 'message', 'force-submit', 'allow-quit', 'override-preflight'] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

const bodies = {
  'add-time': { minutes: z.number().positive().max(24 * 60) },
  pause: { reason: multilineText(500) },
  resume: {},
  lock: { message: multilineText(1000) },
  unlock: {},
  message: { text: multilineText(2000).min(1) },
  'force-submit': {},
  'allow-quit': {},
  'override-preflight': { checks: z.array(plainText(64).min(1)).min(1).max(50) },
} as const;

const envelope = {
  id: hubIdSchema,
  /** The proctor's name as given at login ("proctor" when none was given). */
  issuedBy: plainText(64).min(1),
  issuedAt: isoTimeSchema,
};

export const commandRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('add-time'), ...bodies['add-time'] }),
  z.strictObject({ type: z.literal('pause'), ...bodies.pause }),
  z.strictObject({ type: z.literal('resume'), ...bodies.resume }),
  z.strictObject({ type: z.literal('lock'), ...bodies.lock }),
  z.strictObject({ type: z.literal('unlock'), ...bodies.unlock }),
  z.strictObject({ type: z.literal('message'), ...bodies.message }),
  z.strictObject({ type: z.literal('force-submit'), ...bodies['force-submit'] }),
  z.strictObject({ type: z.literal('allow-quit'), ...bodies['allow-quit'] }),
  z.strictObject({ type: z.literal('override-preflight'), ...bodies['override-preflight'] }),
]);

export const hubCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...envelope, type: z.literal('add-time'), ...bodies['add-time'] }),
  z.strictObject({ ...envelope, type: z.literal('pause'), ...bodies.pause }),
  z.strictObject({ ...envelope, type: z.literal('resume'), ...bodies.resume }),
  z.strictObject({ ...envelope, type: z.literal('lock'), ...bodies.lock }),
  z.strictObject({ ...envelope, type: z.literal('unlock'), ...bodies.unlock }),
  z.strictObject({ ...envelope, type: z.literal('message'), ...bodies.message }),
  z.strictObject({ ...envelope, type: z.literal('force-submit'), ...bodies['force-submit'] }),
  z.strictObject({ ...envelope, type: z.literal('allow-quit'), ...bodies['allow-quit'] }),
  z.strictObject({ ...envelope, type: z.literal('override-preflight'), ...bodies['override-preflight'] }),
]);

export const commandReplySchema = z.strictObject({ commandId: hubIdSchema });

export type CommandRequest = z.infer<typeof commandRequestSchema>;
export type HubCommand = z.infer<typeof hubCommandSchema>;
export type CommandReply = z.infer<typeof commandReplySchema>;

/**
 * The command a `command` journal entry acknowledges, if its data names one: the attempt service
 * journals the command as received, so `data.id` is the command id.
 */
export function commandIdOfEntryData(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const id = (data as Record<string, unknown>).id;
  return typeof id === 'string' && hubIdSchema.safeParse(id).success ? id : null;
}
