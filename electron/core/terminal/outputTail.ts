/**
 * The most recent output of one shell, kept so a page that attaches again (after a reload or a
 * dropped connection) can redraw the terminal instead of showing a blank screen until the next
 * output. Bounded: about as much text as the renderer's scrollback shows.
 */
export const REPLAY_MAX_CHARS = 256 * 1024;

export class OutputTail {
  /** Up to twice `maxChars`: cut back to `maxChars` only when it doubles, so a push stays O(1) amortised. */
  private buffer = '';
  /** True once text was dropped from the front: the oldest kept line may be a partial one. */
  private trimmed = false;

  constructor(private readonly maxChars: number = REPLAY_MAX_CHARS) {
    if (!(Number.isInteger(maxChars) && maxChars > 0)) throw new RangeError(`tail size must be a positive integer, got ${maxChars}`);
  }

  push(text: string): void {
    this.buffer += text;
    if (this.buffer.length > 2 * this.maxChars) this.keepLast();
  }

  /**
   * The kept output, at most `maxChars`. After a trim it starts at the first line start or escape
   * sequence, so the replay does not begin with half a sequence printed as text (a full-screen
   * program such as vim may write no newline at all, hence the escape).
   */
  text(): string {
    if (this.buffer.length > this.maxChars) this.keepLast();
    if (!this.trimmed) return this.buffer;
    const newline = this.buffer.indexOf('\n');
    const escape = this.buffer.indexOf('\x1b');
    const starts = [newline < 0 ? -1 : newline + 1, escape].filter((i) => i >= 0);
    return starts.length === 0 ? '' : this.buffer.slice(Math.min(...starts));
  }

  private keepLast(): void {
    this.buffer = this.buffer.slice(this.buffer.length - this.maxChars);
    this.trimmed = true;
  }
}
