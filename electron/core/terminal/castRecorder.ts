import { mkdir, open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { VigilError } from '../../../shared/errors.js';

/**
 * asciicast v2 recording of one shell (DESIGN 7): a JSON header line, then one JSON array per
 * event, `[seconds since start, code, data]` with code "o" (output), "i" (input) or "r" (resize,
 * data "COLSxROWS"). Spec: https://docs.asciinema.org/manual/asciicast/v2/
 *
 * Lines are buffered in memory and appended at least every FLUSH_INTERVAL_MS and on close, so a
 * crash loses at most about a second of terminal history and a flood costs few writes.
 */
export const FLUSH_INTERVAL_MS = 1000;
/** Flush early once this much is buffered, so a flood never holds megabytes in memory. */
const FLUSH_AT_CHARS = 256 * 1024;

export interface CastHeaderInput {
  width: number;
  height: number;
  /** Shell as the candidate sees it, e.g. "/bin/bash". */
  shell: string;
  term: string;
}

export interface CastRecorderOptions {
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
  /** Each flushed chunk of the recording (the first includes the header line), e.g. to journal it. */
  onFlush?: (text: string) => void;
}

/** Picks `<dir>/<name>-<n>.cast` with n one above any existing recording of that name. */
export async function nextCastPath(dir: string, name: string): Promise<{ path: string; n: number }> {
  await mkdir(dir, { recursive: true });
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)\\.cast$`);
  let max = 0;
  for (const entry of await readdir(dir)) {
    const m = pattern.exec(entry);
    if (m?.[1] !== undefined) max = Math.max(max, Number(m[1]));
  }
  return { path: join(dir, `${name}-${max + 1}.cast`), n: max + 1 };
}

export class CastRecorder {
  private lines: string[] = [];
  private bufferedChars = 0;
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
    private readonly onFlush: ((text: string) => void) | undefined,
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    // The recorder must never keep the app alive on its own.
    this.timer.unref();
  }

  /** Creates the file (never overwriting one) and writes the header. */
  static async create(path: string, header: CastHeaderInput, options: CastRecorderOptions = {}): Promise<CastRecorder> {
    const clock = options.clock ?? (() => performance.now());
    const wallClock = options.wallClock ?? (() => Date.now());
    let file: FileHandle;
    try {
      file = await open(path, 'wx');
    } catch (err) {
      throw new VigilError('storage', `cannot create the terminal recording ${path}: ${(err as Error).message}`);
    }
    const head = {
      version: 2,
      width: header.width,
      height: header.height,
      timestamp: Math.floor(wallClock() / 1000),
      env: { SHELL: header.shell, TERM: header.term },
    };
    const recorder = new CastRecorder(
      path,
      file,
      clock(),
      clock,
      options.onError,
      options.flushIntervalMs ?? FLUSH_INTERVAL_MS,
      options.onFlush,
    );
    recorder.lines.push(JSON.stringify(head));
    await recorder.flush();
    return recorder;
  }

  output(data: string): void {
    this.event('o', data);
  }

  input(data: string): void {
    this.event('i', data);
  }

  resize(cols: number, rows: number): void {
    this.event('r', `${cols}x${rows}`);
  }

  /** Appends everything buffered; concurrent calls are serialised so lines keep their order. */
  flush(): Promise<void> {
    if (this.lines.length === 0) return this.writing;
    const text = this.lines.join('\n') + '\n';
    this.lines = [];
    this.bufferedChars = 0;
    this.onFlush?.(text);
    this.writing = this.writing.then(async () => {
      try {
        await this.file.write(text);
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

  private event(code: 'o' | 'i' | 'r', data: string): void {
    if (this.closed) return;
    const seconds = Math.max(0, (this.clock() - this.startedAt) / 1000);
    this.lines.push(JSON.stringify([Math.round(seconds * 1e6) / 1e6, code, data]));
    this.bufferedChars += data.length;
    if (this.bufferedChars >= FLUSH_AT_CHARS) void this.flush();
  }
}
