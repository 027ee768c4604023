import { z } from 'zod';
import { apiErrorSchema } from './errors.js';
import { identifier } from './exam/examSchema.js';

/**
 * Messages of the live-coding terminal (DESIGN 7) that cross the API: one shell per coding item,
 * so a terminal's `sessionId` is the coding item's id.
 */

/**
 * Flow control between the pty and the renderer, after VS Code's `FlowControlConstants`.
 *
 * The app counts every character it reads from the pty as unacknowledged; the renderer counts the
 * characters xterm has written (in xterm's write callback) and sends an ack each time it has
 * CHAR_COUNT_ACK_SIZE of them. The app pauses the pty (stops reading it, so the kernel buffer fills
 * and the program writing blocks) once more than HIGH_WATERMARK_CHARS are unacknowledged, and
 * resumes it once fewer than LOW_WATERMARK_CHARS are.
 *
 * Invariant: CHAR_COUNT_ACK_SIZE <= LOW_WATERMARK_CHARS < HIGH_WATERMARK_CHARS. A renderer may
 * hold up to CHAR_COUNT_ACK_SIZE - 1 written but unacknowledged characters; if that could reach
 * LOW_WATERMARK_CHARS a paused pty would never resume.
 */
export const HIGH_WATERMARK_CHARS = 100_000;
export const LOW_WATERMARK_CHARS = 5_000;
export const CHAR_COUNT_ACK_SIZE = 5_000;

export const terminalSessionIdSchema = identifier;

const cols = z.int().min(2).max(1000);
const rows = z.int().min(1).max(1000);

/** Request: open (or reattach to) the item's shell. */
export const terminalOpenParamsSchema = z.strictObject({ sessionId: terminalSessionIdSchema, cols, rows });

/** Request: keystrokes or a paste, written to the shell as typed. */
export const terminalWriteParamsSchema = z.strictObject({
  sessionId: terminalSessionIdSchema,
  data: z.string().min(1).max(65_536),
});

/** Request: the renderer's xterm changed size (fit addon). */
export const terminalResizeParamsSchema = z.strictObject({ sessionId: terminalSessionIdSchema, cols, rows });

/** Request: the renderer has written `chars` more characters (normally CHAR_COUNT_ACK_SIZE). */
export const terminalAckParamsSchema = z.strictObject({
  sessionId: terminalSessionIdSchema,
  chars: z.int().positive().max(10_000_000),
});

/** Request: end the shell (its whole process tree) and start a fresh one in the same workspace. */
export const terminalRestartParamsSchema = z.strictObject({ sessionId: terminalSessionIdSchema });

/** Result of open and restart. */
export const terminalSessionInfoSchema = z.object({
  sessionId: terminalSessionIdSchema,
  state: z.enum(['running', 'exited']),
  /** True when the shell runs under bubblewrap (Linux); false means best effort (DESIGN 7). */
  sandboxed: z.boolean(),
  network: z.boolean(),
  /** 1 for the first shell of the item in this run, +1 on every restart (names the .cast file). */
  generation: z.int().positive(),
  cols,
  rows,
});

/**
 * Event: output of the shell, batched (<= 5 ms), never splitting a UTF-8 sequence. With `replay`,
 * the shell's recent output sent again for a page that just (re)opened the terminal: it replaces
 * what that page shows, and is outside flow control (the page does not acknowledge it).
 */
export const terminalOutputEventSchema = z.object({ sessionId: terminalSessionIdSchema, data: z.string(), replay: z.literal(true).optional() });

/** Event: the shell ended by itself or by a kill (not when replaced by a restart). */
export const terminalExitEventSchema = z.object({
  sessionId: terminalSessionIdSchema,
  exitCode: z.int().nullable(),
  signal: z.int().nullable(),
});

/** Event: something went wrong outside the shell, e.g. the recording could not be written. */
export const terminalErrorEventSchema = z.object({ sessionId: terminalSessionIdSchema, error: apiErrorSchema });

/** What the pre-flight shows about the sandbox. */
export const sandboxStatusSchema = z.object({
  available: z.boolean(),
  kind: z.enum(['bubblewrap', 'none']),
  detail: z.string(),
});

export type TerminalOpenParams = z.infer<typeof terminalOpenParamsSchema>;
export type TerminalWriteParams = z.infer<typeof terminalWriteParamsSchema>;
export type TerminalResizeParams = z.infer<typeof terminalResizeParamsSchema>;
export type TerminalAckParams = z.infer<typeof terminalAckParamsSchema>;
export type TerminalRestartParams = z.infer<typeof terminalRestartParamsSchema>;
export type TerminalSessionInfo = z.infer<typeof terminalSessionInfoSchema>;
export type TerminalOutputEvent = z.infer<typeof terminalOutputEventSchema>;
export type TerminalExitEvent = z.infer<typeof terminalExitEventSchema>;
export type TerminalErrorEvent = z.infer<typeof terminalErrorEventSchema>;
export type SandboxStatus = z.infer<typeof sandboxStatusSchema>;

/** Every event a terminal service emits, tagged for one forwarding callback. */
export type TerminalEvent =
  | ({ type: 'output' } & TerminalOutputEvent)
  | ({ type: 'exit' } & TerminalExitEvent)
  | ({ type: 'error' } & TerminalErrorEvent);
