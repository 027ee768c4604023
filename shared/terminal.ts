import { z } from 'zod';
import { apiErrorSchema } from './errors.js';
import { identifier } from './exam/examSchema.js';

/**
 * Messages of the live-coding terminal (DESIGN 7) that cross the API: one shell per coding item,
 * so a terminal's `sessionId` is the coding item's id.
 */

/**
 * Flow control between the pty and the renderer, by bytes, after VS Code's `FlowControlConstants`.
 *
 * The app counts every byte it reads from the pty as unacknowledged; the renderer counts the bytes
 * xterm has written (in xterm's write callback) and acknowledges them. The app pauses the pty
 * (stops reading it, so the kernel buffer fills and the program writing blocks) once more than
 * HIGH_WATERMARK_BYTES are unacknowledged, and resumes it once fewer than LOW_WATERMARK_BYTES are.
 *
 * The renderer sends an ack once ACK_STEP_BYTES are written and the remainder (less than a step)
 * once xterm has had nothing queued for a moment (REMAINDER_ACK_DELAY_MS in the renderer's
 * terminal controller); no single ack carries more than ACK_STEP_BYTES.
 *
 * Invariant: 0 < 2 x ACK_STEP_BYTES <= LOW_WATERMARK_BYTES < HIGH_WATERMARK_BYTES. While output
 * flows the renderer holds back less than a step, and one lost ack carries at most a step, so the
 * app counts less than two steps that will not be acknowledged soon: below the low watermark, so
 * the acks still to come resume a paused pty (a pause implies more than
 * HIGH_WATERMARK_BYTES / ACK_STEP_BYTES acks to come). Once xterm has caught up and stayed so,
 * everything it was sent is acknowledged, and what the app still counts is what lost acks
 * carried. With two steps above the low watermark, a held-back remainder and one lost ack could
 * leave the pty paused for good (the flow control test's lost-ack property finds such a case).
 *
 * Sizes: 512 KiB in flight is about 8 to 30 ms of xterm's parsing, which bounds how long a
 * keystroke's echo waits behind a flood (budget 100 ms) and how much Ctrl-C has to drain (budget
 * 300 ms, also when the page gets only a fraction of a core); the 256 KiB left when the pty resumes
 * keep xterm busy while the pipeline refills. Measured in the candidate's page (docs/terminal.md,
 * 2026-12-03, three runs each): 256 KiB gave a throughput ratio of 0.33-0.38, 512 KiB 0.36-0.40
 * with Ctrl-C in 47 ms, 1 MiB 0.39-0.42 but Ctrl-C in 151 ms, half the budget on a quiet machine.
 */
export const HIGH_WATERMARK_BYTES = 512 * 1024;
export const LOW_WATERMARK_BYTES = 256 * 1024;
export const ACK_STEP_BYTES = 64 * 1024;

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

/**
 * Request: the renderer has written `bytes` more bytes of output (at most ACK_STEP_BYTES, except
 * the release after an open, see docs/terminal.md).
 */
export const terminalAckParamsSchema = z.strictObject({
  sessionId: terminalSessionIdSchema,
  bytes: z.int().positive().max(10_000_000),
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
 * Event: output of the shell as the pty wrote it, bytes never decoded on the way (xterm decodes
 * UTF-8, keeping a sequence split across two events), batched (<= 5 ms). With `replay`, the
 * shell's recent output sent again for a page that just (re)opened the terminal: it replaces what
 * that page shows, and is outside flow control (the page does not acknowledge it).
 *
 * Only the header is checked (`instanceof`, never byte by byte); over the WebSocket the event is
 * one binary frame (terminalFrame.ts).
 */
export const terminalOutputEventSchema = z.object({
  sessionId: terminalSessionIdSchema,
  data: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'must be bytes (a Uint8Array)'),
  replay: z.literal(true).optional(),
});

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
