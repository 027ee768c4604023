import { StringDecoder } from 'node:string_decoder';

/** Longest time output waits before it is sent (DESIGN 7). */
export const BATCH_WINDOW_MS = 5;
/**
 * A batch this large goes out without waiting for the window to end. A pty read is at most a few
 * KiB, and flow control pauses the pty at 100,000 unacknowledged characters: without this cap a
 * flood reaches the pause inside one window, so the renderer would get nothing to parse until the
 * pty had stopped, and reading and parsing would take turns instead of overlapping.
 */
export const BATCH_MAX_CHARS = 32_768;

/** Time and timers, injected so tests drive the clock. `setTimeout` returns a cancel function. */
export interface Scheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number): () => void;
}

export const realScheduler: Scheduler = {
  now: () => performance.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};

/**
 * Turns raw pty reads into text chunks for the renderer, as Hyper's session does:
 * - UTF-8 is decoded with a StringDecoder, which keeps an incomplete multi-byte sequence at the
 *   end of a read until the rest arrives, so a character is never split or replaced by U+FFFD.
 * - A read that comes when nothing went out during the last window is sent at once (a keystroke
 *   echo must not wait); reads that follow within the window are joined and sent when it ends,
 *   or as soon as they reach BATCH_MAX_CHARS, so a flood becomes a few messages per window
 *   instead of one per read.
 * The buffer needs no size cap: flow control pauses the pty long before it could grow large.
 */
export class OutputBatcher {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private cancelTimer: (() => void) | null = null;
  private ended = false;

  constructor(
    private readonly emit: (text: string) => void,
    private readonly scheduler: Scheduler = realScheduler,
    private readonly windowMs: number = BATCH_WINDOW_MS,
    private readonly maxChars: number = BATCH_MAX_CHARS,
  ) {}

  /** Feeds one pty read; returns how many characters it decoded (for flow control). */
  push(chunk: Buffer): number {
    if (this.ended) return 0;
    const text = this.decoder.write(chunk);
    if (text.length === 0) return 0;
    if (this.cancelTimer !== null) {
      this.pending += text;
      if (this.pending.length >= this.maxChars) this.flush();
      return text.length;
    }
    const now = this.scheduler.now();
    const windowEnd = this.lastSentAt + this.windowMs;
    if (now >= windowEnd) {
      this.send(text, now);
    } else {
      this.pending = text;
      this.cancelTimer = this.scheduler.setTimeout(() => this.onWindowEnd(), windowEnd - now);
    }
    return text.length;
  }

  /** Sends whatever is pending now (e.g. before reporting that the shell exited). */
  flush(): void {
    if (this.cancelTimer !== null) {
      this.cancelTimer();
      this.cancelTimer = null;
    }
    if (this.pending.length > 0) {
      const text = this.pending;
      this.pending = '';
      this.send(text, this.scheduler.now());
    }
  }

  /**
   * The pty is gone: sends what is pending plus any incomplete sequence left in the decoder (as
   * U+FFFD, since its remaining bytes will never come). Returns the characters that adds.
   */
  end(): number {
    if (this.ended) return 0;
    const tail = this.decoder.end();
    this.pending += tail;
    this.flush();
    this.ended = true;
    return tail.length;
  }

  private onWindowEnd(): void {
    this.cancelTimer = null;
    const text = this.pending;
    this.pending = '';
    if (text.length > 0) this.send(text, this.scheduler.now());
  }

  private send(text: string, now: number): void {
    this.lastSentAt = now;
    this.emit(text);
  }
}
