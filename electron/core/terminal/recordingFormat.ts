/**
 * The terminal recording file, `<attemptDir>/terminal/<itemId>-<n>.rec` (docs/terminal.md):
 * written cheaply while the shell runs, read as asciicast v2.
 *
 *   "VIGILREC1\n"                      magic
 *   {asciicast v2 header}\n            one JSON line: version, width, height, timestamp, env
 *   records, each:
 *     byte 0        kind: "o" (output), "i" (input) or "r" (resize) as ASCII
 *     bytes 1..8    seconds since the start, float64 little-endian
 *     bytes 9..12   n, the payload length, uint32 little-endian
 *     n bytes       the payload: output bytes as the pty wrote them, input as UTF-8, "COLSxROWS"
 *
 * Output is appended as it came (no decoding, no JSON escaping). A crash can leave the last record
 * torn (its head or payload cut short): reading stops at the last whole record and reports how
 * many bytes it cut; everything before is intact, since the file is only ever appended to.
 */
export const RECORDING_MAGIC = 'VIGILREC1\n';
export const RECORD_HEAD_BYTES = 13;
/** A record larger than this is not one we wrote (a batch is at most a few hundred KiB). */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export type RecordKind = 'o' | 'i' | 'r';
const KIND_BYTES: Record<RecordKind, number> = { o: 0x6f, i: 0x69, r: 0x72 };
const KINDS = new Map<number, RecordKind>(Object.entries(KIND_BYTES).map(([k, v]) => [v, k as RecordKind]));

export interface RecordingHeader {
  version: 2;
  width: number;
  height: number;
  timestamp: number;
  env: { SHELL: string; TERM: string };
}

export interface RawRecord {
  kind: RecordKind;
  seconds: number;
  payload: Uint8Array;
}

export function encodeRecordingStart(header: RecordingHeader): Buffer {
  return Buffer.from(`${RECORDING_MAGIC}${JSON.stringify(header)}\n`, 'utf8');
}

/** The 13-byte head of a record; the payload follows it as is. */
export function encodeRecordHead(kind: RecordKind, seconds: number, payloadBytes: number): Buffer {
  const head = Buffer.allocUnsafe(RECORD_HEAD_BYTES);
  head[0] = KIND_BYTES[kind];
  head.writeDoubleLE(seconds, 1);
  head.writeUInt32LE(payloadBytes, 9);
  return head;
}

export interface ParsedRecords {
  records: RawRecord[];
  /** Bytes after the last whole record: a torn tail (or, never in files we write, garbage). */
  tornBytes: number;
}

/** Reads whole records from `bytes` (which holds records only, no magic or header). Payloads are views, not copies. */
export function parseRecords(bytes: Uint8Array): ParsedRecords {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: RawRecord[] = [];
  let at = 0;
  let previous = 0;
  while (bytes.byteLength - at >= RECORD_HEAD_BYTES) {
    const kind = KINDS.get(bytes[at] as number);
    const seconds = view.getFloat64(at + 1, true);
    const length = view.getUint32(at + 9, true);
    // A head we did not write: stop here rather than read payloads out of step.
    if (!kind || !Number.isFinite(seconds) || seconds < previous || length > MAX_RECORD_BYTES) break;
    const end = at + RECORD_HEAD_BYTES + length;
    if (end > bytes.byteLength) break;
    records.push({ kind, seconds, payload: bytes.subarray(at + RECORD_HEAD_BYTES, end) });
    previous = seconds;
    at = end;
  }
  return { records, tornBytes: bytes.byteLength - at };
}

export class RecordingFormatError extends Error {}

/** Splits a recording file into its header and its records. */
export function parseRecording(bytes: Uint8Array): { header: RecordingHeader } & ParsedRecords {
  const magic = Buffer.from(RECORDING_MAGIC, 'utf8');
  if (bytes.byteLength < magic.length || !magic.equals(bytes.subarray(0, magic.length))) {
    throw new RecordingFormatError(`not a Vigil terminal recording (it does not start with ${JSON.stringify(RECORDING_MAGIC)})`);
  }
  const newline = bytes.indexOf(0x0a, magic.length);
  if (newline < 0) throw new RecordingFormatError('the recording header is incomplete');
  const header = parseHeader(Buffer.from(bytes.subarray(magic.length, newline)).toString('utf8'));
  return { header, ...parseRecords(bytes.subarray(newline + 1)) };
}

function parseHeader(line: string): RecordingHeader {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new RecordingFormatError(`the recording header is not JSON: ${(error as Error).message}`);
  }
  const h = value as Partial<RecordingHeader> | null;
  if (!h || h.version !== 2 || typeof h.width !== 'number' || typeof h.height !== 'number') {
    throw new RecordingFormatError('the recording header lacks version 2, width and height');
  }
  return h as RecordingHeader;
}

/**
 * Turns records into asciicast v2 event lines. Output is decoded here, once, when the recording is
 * read: a UTF-8 sequence split across two records is kept until its rest comes (one decoder for
 * the whole stream of output records).
 */
export class AsciicastEncoder {
  private output = new TextDecoder('utf-8');

  line(record: RawRecord): string {
    const data = record.kind === 'o' ? this.output.decode(record.payload, { stream: true }) : Buffer.from(record.payload).toString('utf8');
    return JSON.stringify([Math.round(record.seconds * 1e6) / 1e6, record.kind, data]);
  }

  /** Records were left out before the next one: a sequence they split cannot be completed. */
  gap(): void {
    this.output = new TextDecoder('utf-8');
  }
}

export interface AsciicastText {
  /** asciicast v2: the header line, then one line per event, each ending in "\n". */
  text: string;
  tornBytes: number;
}

/** A whole recording file as asciicast v2 text (what `vigil cast` prints). */
export function recordingToAsciicast(bytes: Uint8Array): AsciicastText {
  const { header, records, tornBytes } = parseRecording(bytes);
  const encoder = new AsciicastEncoder();
  const lines = [JSON.stringify(header)];
  for (const record of records) lines.push(encoder.line(record));
  return { text: `${lines.join('\n')}\n`, tornBytes };
}
