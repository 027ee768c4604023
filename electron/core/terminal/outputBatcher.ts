/** Longest time output waits before it is sent (DESIGN 7). */
export const BATCH_WINDOW_MS = 5;
/**
 * A batch this large goes out without waiting for the window to end. A pty read is at most 64 KiB
 * (node-pty's read size; a few KiB when the program writes lines), and flow control pauses the pty
 * at HIGH_WATERMARK_BYTES: without this cap a flood reaches the pause inside one window, so the
 * renderer would get nothing to parse until the pty had stopped, and reading and parsing would
 * take turns instead of overlapping. A quarter of the high watermark keeps four frames in flight.
 * Measured in the candidate's page (docs/terminal.md, 2026-12-04, four interleaved pairs): 128 KiB
 * beat 64 KiB in each pair (throughput ratio 0.44-0.52 against 0.42-0.51, 0.039-0.047 core-seconds
 * per MB against 0.041-0.050: half the WebSocket messages for the page to take in), 256 KiB lost
 * (0.41-0.47: two frames in flight overlap too little); echo and Ctrl-C stayed in budget.
 */
export const BATCH_MAX_BYTES = 128 * 1024;

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
 * Turns raw pty reads into output chunks for the renderer, as Hyper's session batches them, but
 * as bytes: nothing is decoded here (xterm decodes UTF-8 and keeps a sequence split across two
 * chunks until its rest arrives).
 * - A read that comes when nothing went out during the last window is sent at once (a keystroke
 *   echo must not wait); reads that follow within the window are joined and sent when it ends,
 *   or as soon as they reach BATCH_MAX_BYTES, so a flood becomes a few messages per window
 *   instead of one per read.
 * The buffer needs no size cap: flow control pauses the pty long before it could grow large.
 * Each chunk emitted is a Buffer of its own (never a view into a read that is still pending).
 */
export class OutputBatcher {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private cancelTimer: (() => void) | null = null;
  private ended = false;

  constructor(
    private readonly emit: (chunk: Buffer) => void,
    private readonly scheduler: Scheduler = realScheduler,
    private readonly windowMs: number = BATCH_WINDOW_MS,
    private readonly maxBytes: number = BATCH_MAX_BYTES,
  ) {}

  /** Feeds one pty read; returns its size in bytes (for flow control). */
  push(chunk: Buffer): number {
    if (this.ended || chunk.length === 0) return 0;
    if (this.cancelTimer !== null) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes >= this.maxBytes) this.flush();
      return chunk.length;
    }
    const now = this.scheduler.now();
    const windowEnd = this.lastSentAt + this.windowMs;
    if (now >= windowEnd) {
      this.send([chunk], now);
    } else {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      this.cancelTimer = this.scheduler.setTimeout(() => this.onWindowEnd(), windowEnd - now);
    }
    return chunk.length;
  }

  /** Sends whatever is pending now (e.g. before reporting that the shell exited). */
  flush(): void {
    if (this.cancelTimer !== null) {
      this.cancelTimer();
      this.cancelTimer = null;
    }
    this.sendPending();
  }

  /** The pty is gone: sends what is pending; later reads are ignored. */
  end(): void {
    if (this.ended) return;
    this.flush();
    this.ended = true;
  }

  private onWindowEnd(): void {
    this.cancelTimer = null;
    this.sendPending();
  }

  private sendPending(): void {
    if (this.pendingBytes === 0) return;
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.send(chunks, this.scheduler.now());
  }

  private send(chunks: Buffer[], now: number): void {
    this.lastSentAt = now;
    this.emit(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
  }
}
