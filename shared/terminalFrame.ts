import { terminalSessionIdSchema, type TerminalOutputEvent } from './terminal.js';

/**
 * The binary WebSocket frame of a `terminalOutput` event (docs/terminal.md), so a shell's output
 * crosses the headless host's socket as the pty wrote it: no JSON, no UTF-16 string, no escaping.
 *
 *   byte 0       TERMINAL_OUTPUT_FRAME (0x01): what the frame is; every other binary frame is refused
 *   byte 1       flags: bit 0 = replay; the other bits must be 0
 *   byte 2       n, the length of the session id (1 to 64)
 *   bytes 3..    the session id, n ASCII bytes (the contract's identifier syntax)
 *   the rest     the output bytes, untouched
 *
 * Decoding checks the header and the session id, never the output bytes: they are whatever the
 * program wrote, and xterm decodes them.
 */
export const TERMINAL_OUTPUT_FRAME = 0x01;
const FLAG_REPLAY = 0x01;
const HEADER_BYTES = 3;
const MAX_ID_BYTES = 64;

export function encodeTerminalFrame(event: TerminalOutputEvent): Uint8Array {
  const id = event.sessionId;
  if (id.length === 0 || id.length > MAX_ID_BYTES) throw new RangeError(`terminal session id must be 1 to ${MAX_ID_BYTES} characters: "${id}"`);
  const frame = new Uint8Array(HEADER_BYTES + id.length + event.data.byteLength);
  frame[0] = TERMINAL_OUTPUT_FRAME;
  frame[1] = event.replay ? FLAG_REPLAY : 0;
  frame[2] = id.length;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    if (code > 0x7e) throw new RangeError(`terminal session id must be ASCII: "${id}"`);
    frame[HEADER_BYTES + i] = code;
  }
  frame.set(event.data, HEADER_BYTES + id.length);
  return frame;
}

export type FrameDecoding = { ok: true; event: TerminalOutputEvent } | { ok: false; reason: string };

/** Reads a frame; `data` is a view into `frame` (no copy). */
export function decodeTerminalFrame(frame: Uint8Array): FrameDecoding {
  if (frame.byteLength < HEADER_BYTES + 1) return { ok: false, reason: `a binary frame of ${frame.byteLength} bytes is shorter than its header` };
  if (frame[0] !== TERMINAL_OUTPUT_FRAME) return { ok: false, reason: `unknown binary frame type ${frame[0]}` };
  const flags = frame[1] as number;
  if ((flags & ~FLAG_REPLAY) !== 0) return { ok: false, reason: `unknown terminal frame flags ${flags}` };
  const idLength = frame[2] as number;
  if (idLength < 1 || idLength > MAX_ID_BYTES || HEADER_BYTES + idLength > frame.byteLength) {
    return { ok: false, reason: `terminal frame session id length ${idLength} does not fit the frame` };
  }
  let id = '';
  for (let i = 0; i < idLength; i++) id += String.fromCharCode(frame[HEADER_BYTES + i] as number);
  const sessionId = terminalSessionIdSchema.safeParse(id);
  if (!sessionId.success) return { ok: false, reason: `terminal frame session id "${id}" is not an identifier` };
  const data = frame.subarray(HEADER_BYTES + idLength);
  return { ok: true, event: { sessionId: sessionId.data, data, ...(flags & FLAG_REPLAY ? { replay: true as const } : {}) } };
}
