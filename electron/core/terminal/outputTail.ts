/**
 * The most recent output of one shell, kept so a page that attaches again (after a reload or a
 * dropped connection) can redraw the terminal instead of showing a blank screen until the next
 * output. Bounded: about as much output as the renderer's scrollback shows. Bytes, as the pty
 * wrote them.
 */
export const REPLAY_MAX_BYTES = 256 * 1024;

const NEWLINE = 0x0a;
const ESCAPE = 0x1b;

export class OutputTail {
  /** Up to twice `maxBytes` in all: cut back to `maxBytes` only when it doubles, so a push stays O(1) amortised. */
  private chunks: Buffer[] = [];
  private size = 0;
  /** True once output was dropped from the front: the oldest kept line may be a partial one. */
  private trimmed = false;

  constructor(private readonly maxBytes: number = REPLAY_MAX_BYTES) {
    if (!(Number.isInteger(maxBytes) && maxBytes > 0)) throw new RangeError(`tail size must be a positive integer, got ${maxBytes}`);
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size > 2 * this.maxBytes) this.keepLast();
  }

  /**
   * The kept output, at most `maxBytes`. After a trim it starts at the first line start or escape
   * sequence, so the replay does not begin with half a sequence printed as text (a full-screen
   * program such as vim may write no newline at all, hence the escape). Neither byte occurs inside
   * a UTF-8 sequence, so the cut never splits a character either.
   */
  bytes(): Buffer {
    if (this.size > this.maxBytes) this.keepLast();
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    this.chunks = [all];
    if (!this.trimmed) return all;
    for (let i = 0; i < all.length; i++) {
      const byte = all[i];
      if (byte === NEWLINE) return all.subarray(i + 1);
      if (byte === ESCAPE) return all.subarray(i);
    }
    return all.subarray(all.length);
  }

  private keepLast(): void {
    const all = Buffer.concat(this.chunks, this.size);
    // A copy, so the chunks dropped from the front can be freed.
    this.chunks = [Buffer.from(all.subarray(all.length - this.maxBytes))];
    this.size = this.maxBytes;
    this.trimmed = true;
  }
}
