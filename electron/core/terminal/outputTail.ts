/**
 * The most recent output of one shell, kept so a page that attaches again (after a reload or a
 * dropped connection) can redraw the terminal instead of showing a blank screen until the next
 * output. Bounded: about as much text as the renderer's scrollback shows.
 */
export const REPLAY_MAX_CHARS = 256 * 1024;

export class OutputTail {
  private chunks: string[] = [];
  private length = 0;
  /** True once text was dropped from the front: the oldest kept line may be a partial one. */
  private trimmed = false;

  constructor(private readonly maxChars: number = REPLAY_MAX_CHARS) {
    if (!(Number.isInteger(maxChars) && maxChars > 0)) throw new RangeError(`tail size must be a positive integer, got ${maxChars}`);
  }

  push(text: string): void {
    if (text.length === 0) return;
    this.chunks.push(text);
    this.length += text.length;
    // Whole chunks go first; joining happens only when replaying, not on the output path.
    while (this.length - (this.chunks[0]?.length ?? 0) >= this.maxChars) {
      this.length -= this.chunks.shift()?.length ?? 0;
      this.trimmed = true;
    }
  }

  /**
   * The kept output, at most `maxChars`. After a trim it starts at the first line start or escape
   * sequence, so the replay does not begin with half a sequence printed as text (a full-screen
   * program such as vim may write no newline at all, hence the escape).
   */
  text(): string {
    let text = this.chunks.join('');
    if (text.length > this.maxChars) {
      text = text.slice(text.length - this.maxChars);
      this.chunks = [text];
      this.length = text.length;
      this.trimmed = true;
    }
    if (!this.trimmed) return text;
    const newline = text.indexOf('\n');
    const escape = text.indexOf('\x1b');
    const starts = [newline < 0 ? -1 : newline + 1, escape].filter((i) => i >= 0);
    return starts.length === 0 ? '' : text.slice(Math.min(...starts));
  }
}
