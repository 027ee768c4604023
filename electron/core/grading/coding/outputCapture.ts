/**
 * Bounded capture of a grading run's output. Hidden tests run the candidate's code, which may
 * print without end: the run keeps reading (so the pipe never fills and the process never blocks
 * on a write) but keeps only the first `capBytes` (what the report parser reads) and the last
 * `tailBytes` (what the feedback shows). Memory stays at most capBytes + tailBytes per capture.
 */
export class OutputCapture {
  readonly capBytes: number;
  readonly tailBytes: number;
  #head: Buffer[] = [];
  #headBytes = 0;
  #tail: Buffer = Buffer.alloc(0);
  #total = 0;

  constructor(capBytes: number, tailBytes = 4096) {
    this.capBytes = Math.max(0, Math.floor(capBytes));
    this.tailBytes = Math.max(0, Math.floor(tailBytes));
  }

  push(chunk: Buffer): void {
    this.#total += chunk.length;
    const room = this.capBytes - this.#headBytes;
    if (room > 0) {
      const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
      // Copied: the stream may reuse its buffer, and a slice would pin the whole chunk.
      this.#head.push(Buffer.from(kept));
      this.#headBytes += kept.length;
    }
    if (this.tailBytes === 0) return;
    if (chunk.length >= this.tailBytes) {
      this.#tail = Buffer.from(chunk.subarray(chunk.length - this.tailBytes));
    } else {
      const joined = Buffer.concat([this.#tail, chunk]);
      this.#tail = joined.length > this.tailBytes ? joined.subarray(joined.length - this.tailBytes) : joined;
    }
  }

  /** Every byte seen, kept or not. */
  get totalBytes(): number {
    return this.#total;
  }

  /** True once more than capBytes arrived. */
  get truncated(): boolean {
    return this.#total > this.capBytes;
  }

  /** The first capBytes (at most). */
  head(): Buffer {
    return Buffer.concat(this.#head, this.#headBytes);
  }

  /** The last tailBytes (at most) as text, starting at a character boundary. */
  tail(): string {
    let start = 0;
    // Skip UTF-8 continuation bytes cut off from their lead byte by the window.
    while (start < this.#tail.length && start < 3 && ((this.#tail[start] ?? 0) & 0xc0) === 0x80) start += 1;
    return this.#tail.subarray(start).toString('utf8');
  }

  /** True when the tail window holds everything (nothing scrolled out of it). */
  get tailIsComplete(): boolean {
    return this.#total <= this.tailBytes;
  }
}
