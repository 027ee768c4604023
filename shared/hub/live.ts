import { z } from 'zod';
import { apiErrorSchema } from '../errors.js';
import { hubCommandSchema } from './commands.js';
import { heartbeatReplySchema, heartbeatSchema } from './heartbeat.js';
import { attemptSummarySchema } from './proctor.js';

/**
 * The live channels (DESIGN 8), JSON text frames. Candidate: heartbeats up, replies and commands
 * down. Proctor dashboard: a snapshot on connect, then the summaries that changed (pushed at most
 * every LIVE_PUSH_INTERVAL_MS, after any heartbeat, event, result, command or grade).
 */
export const LIVE_PUSH_INTERVAL_MS = 250;

export const candidateUpSchema = z.discriminatedUnion('type', [z.strictObject({ type: z.literal('heartbeat'), body: heartbeatSchema })]);

export const candidateDownSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('heartbeat-reply'), reply: heartbeatReplySchema }),
  /** Pushed when a proctor issues a command: every command still unacknowledged. */
  z.strictObject({ type: z.literal('commands'), commands: z.array(hubCommandSchema) }),
  z.strictObject({ type: z.literal('error'), error: apiErrorSchema }),
]);

export const proctorDownSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('snapshot'), attempts: z.array(attemptSummarySchema) }),
  z.strictObject({ type: z.literal('summaries'), attempts: z.array(attemptSummarySchema) }),
  z.strictObject({ type: z.literal('error'), error: apiErrorSchema }),
]);

export type CandidateUp = z.infer<typeof candidateUpSchema>;
export type CandidateDown = z.infer<typeof candidateDownSchema>;
export type ProctorDown = z.infer<typeof proctorDownSchema>;
