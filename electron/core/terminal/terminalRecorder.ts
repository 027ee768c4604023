import { mkdir, open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { VigilError } from '../../../shared/errors.js';
import { encodeRecordHead, encodeRecordingStart, type RecordKind } from './recordingFormat.js';

/**
 * The recording of one shell (DESIGN 7): every output, input and resize with its time, appended
 * as raw bytes in the format of recordingFormat.ts (read as asciicast v2 by `vigil cast` and for
 * the journal). Output is not decoded or escaped: recording a chunk costs a 13-byte head.
 *
 * Records are buffered in memory and appended at least every FLUSH_INTERVAL_MS and on close, so a
 * crash loses at most about a second of terminal history (and may tear the last record, which
 * reading cuts back) and a flood costs few writes.
 */
export const FLUSH_INTERVAL_MS = 1000;
/** Flush early once this much is buffered, so a flood never holds megabytes in memory. */
const FLUSH_AT_BYTES = 256 * 1024;
export const RECORDING_EXTENSION = '.rec';

export interface RecordingHeaderInput {
  width: number;
  height: number;
  /** Shell as the candidate sees it, e.g. "/bin/bash". */
  shell: string;
  term: string;
}

export interface TerminalRecorderOptions {
  /** Milliseconds, monotonic; event times are measured from the recorder's creation. */
  clock?: () => number;
  /** Wall clock for the header's Unix timestamp. */
  wallClock?: () => number;
  flushIntervalMs?: number;
  /**
   * A write failed (disk full, removed directory); recording continues to be attempted. Without
   * this callback the first failure is thrown by close().
   */
  onError?: (error: VigilError) => void;
  /** Each flushed piece of the file, whole records (the first starts with the header), e.g. to journal it. */
  onFlush?: (bytes: Buffer) => void;
}

/** Picks `<dir>/<name>-<n>.rec` with n one above any existing recording of that name. */
export async function nextRecordingPath(dir: string, name: string): Promise<{ path: string; n: number }> {
  await mkdir(dir, { recursive: true });
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)\\.rec$`);
  let max = 0;
  for (const entry of await readdir(dir)) {
    const m = pattern.exec(entry);
    if (m?.[1] !== undefined) max = Math.max(max, Number(m[1]));
  }
  return { path: join(dir, `${name}-${max + 1}${RECORDING_EXTENSION}`), n: max + 1 };
}

export class TerminalRecorder {
  private parts: Buffer[] = [];
  private bufferedBytes = 0;
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  private firstFailure: VigilError | null = null;

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    private readonly startedAt: number,
    private readonly clock: () => number,
    private readonly onError: ((error: VigilError) => void) | undefined,
    flushIntervalMs: number,
    private readonly onFlush: ((bytes: Buffer) => void) | undefined,
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    // The recorder must never keep the app alive on its own.
    this.timer.unref();
  }

  /** Creates the file (never overwriting one) and writes the header. */
  static async create(path: string, header: RecordingHeaderInput, options: TerminalRecorderOptions = {}): Promise<TerminalRecorder> {
    const clock = options.clock ?? (() => performance.now());
    const wallClock = options.wallClock ?? (() => Date.now());
    let file: FileHandle;
    try {
      file = await open(path, 'wx');
    } catch (err) {
      throw new VigilError('storage', `cannot create the terminal recording ${path}: ${(err as Error).message}`);
    }
    const recorder = new TerminalRecorder(path, file, clock(), clock, options.onError, options.flushIntervalMs ?? FLUSH_INTERVAL_MS, options.onFlush);
    recorder.append(
      encodeRecordingStart({
        version: 2,
        width: header.width,
        height: header.height,
        timestamp: Math.floor(wallClock() / 1000),
        env: { SHELL: header.shell, TERM: header.term },
      }),
    );
    await recorder.flush();
    return recorder;
  }

  /** Output as the pty wrote it; the buffer is kept until the next flush, so it must not change. */
  output(data: Uint8Array): void {
    this.record('o', data);
  }

  input(data: string): void {
    this.record('i', Buffer.from(data, 'utf8'));
  }

  resize(cols: number, rows: number): void {
    this.record('r', Buffer.from(`${cols}x${rows}`, 'ascii'));
  }

  /** Appends everything buffered; concurrent calls are serialised so records keep their order. */
  flush(): Promise<void> {
    if (this.parts.length === 0) return this.writing;
    const bytes = Buffer.concat(this.parts, this.bufferedBytes);
    this.parts = [];
    this.bufferedBytes = 0;
    this.onFlush?.(bytes);
    this.writing = this.writing.then(async () => {
      try {
        await this.file.write(bytes);
      } catch (err) {
        const error = new VigilError('storage', `cannot write the terminal recording ${this.path}: ${(err as Error).message}`);
        if (this.onError) this.onError(error);
        else this.firstFailure ??= error;
      }
    });
    return this.writing;
  }

  /** Flushes and closes the file; later events are ignored. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
    await this.file.close();
    if (this.firstFailure) throw this.firstFailure;
  }

  private record(kind: RecordKind, payload: Uint8Array): void {
    if (this.closed) return;
    const seconds = Math.max(0, (this.clock() - this.startedAt) / 1000);
    this.append(encodeRecordHead(kind, seconds, payload.byteLength));
    this.append(payload);
    // Only after the whole record: every flushed piece holds whole records (the journal reads them).
    if (this.bufferedBytes >= FLUSH_AT_BYTES) void this.flush();
  }

  private append(bytes: Uint8Array): void {
    this.parts.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.bufferedBytes += bytes.byteLength;
  }
}
