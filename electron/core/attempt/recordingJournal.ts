import type { Clock } from './clock.js';

/** At most this much recording text goes into the journal per shell per second (floods are cut). */
export const RECORDING_JOURNAL_BYTES_PER_SECOND = 64 * 1024;

export interface RecordingChunk {
  itemId: string;
  /** The n of `<item>-<n>.cast`. */
  session: number;
  /** asciicast v2 lines since the last chunk (the first chunk starts with the header line). */
  cast: string;
  /** Recording characters left out of the journal since the last chunk, to bound a flood. */
  dropped: number;
}

/**
 * Decides which recording chunks become `terminal` journal entries, so the hub can replay every
 * terminal. The full recording stays in the attempt's .cast files; the journal copy is bounded so
 * a `yes` flood cannot swamp the journal, the fsync budget or the upload.
 */
export class RecordingJournal {
  private readonly windows = new Map<string, { startedMono: number; bytes: number; dropped: number }>();

  constructor(
    private readonly clock: Pick<Clock, 'monoNow'>,
    private readonly append: (chunk: RecordingChunk) => void,
  ) {}

  offer(itemId: string, session: number, cast: string): void {
    const key = `${itemId}\u0000${session}`;
    const now = this.clock.monoNow();
    let window = this.windows.get(key);
    if (!window || now - window.startedMono >= 1000) {
      window = { startedMono: now, bytes: 0, dropped: window?.dropped ?? 0 };
      this.windows.set(key, window);
    }
    // The header chunk always goes in: without it nothing can be replayed.
    const isHeader = cast.startsWith('{');
    if (!isHeader && window.bytes + cast.length > RECORDING_JOURNAL_BYTES_PER_SECOND) {
      window.dropped += cast.length;
      return;
    }
    window.bytes += cast.length;
    const dropped = window.dropped;
    window.dropped = 0;
    this.append({ itemId, session, cast, dropped });
  }
}
