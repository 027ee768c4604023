import { AsciicastEncoder, parseRecording, parseRecords, RECORDING_MAGIC, type RawRecord } from '../terminal/recordingFormat.js';
import type { Clock } from './clock.js';

/** At most this many recording bytes go into the journal per shell per second (floods are cut). */
export const RECORDING_JOURNAL_BYTES_PER_SECOND = 64 * 1024;

export interface RecordingChunk {
  itemId: string;
  /** The n of `<item>-<n>.rec`. */
  session: number;
  /** asciicast v2 lines since the last chunk (the first chunk starts with the header line). */
  cast: string;
  /** Recording bytes left out of the journal since the last chunk, to bound a flood. */
  dropped: number;
}

interface SessionState {
  startedMono: number;
  bytes: number;
  dropped: number;
  encoder: AsciicastEncoder;
}

const MAGIC = Buffer.from(RECORDING_MAGIC, 'utf8');

/**
 * Decides which pieces of a shell's recording become `terminal` journal entries, so the hub can
 * replay every terminal, and turns those into asciicast v2 text (the journal's format, which the
 * hub plays). The full recording stays in the attempt's .rec files; the journal copy is bounded so
 * a `yes` flood cannot swamp the journal, the fsync budget or the upload, and only what is kept
 * is decoded and escaped.
 */
export class RecordingJournal {
  private readonly sessions = new Map<string, SessionState>();

  constructor(
    private readonly clock: Pick<Clock, 'monoNow'>,
    private readonly append: (chunk: RecordingChunk) => void,
  ) {}

  /** One flushed piece of the recording: whole records, the first piece starting with the header. */
  offer(itemId: string, session: number, bytes: Buffer): void {
    const key = `${itemId}\u0000${session}`;
    const now = this.clock.monoNow();
    let state = this.sessions.get(key);
    if (!state) {
      state = { startedMono: now, bytes: 0, dropped: 0, encoder: new AsciicastEncoder() };
      this.sessions.set(key, state);
    } else if (now - state.startedMono >= 1000) {
      state.startedMono = now;
      state.bytes = 0;
    }
    // The header piece always goes in: without it nothing can be replayed.
    const isHeader = bytes.subarray(0, MAGIC.length).equals(MAGIC);
    if (!isHeader && state.bytes + bytes.length > RECORDING_JOURNAL_BYTES_PER_SECOND) {
      state.dropped += bytes.length;
      state.encoder.gap();
      return;
    }
    state.bytes += bytes.length;
    const lines: string[] = [];
    let records: RawRecord[];
    if (isHeader) {
      const parsed = parseRecording(bytes);
      lines.push(JSON.stringify(parsed.header));
      records = parsed.records;
    } else {
      records = parseRecords(bytes).records;
    }
    for (const record of records) lines.push(state.encoder.line(record));
    const dropped = state.dropped;
    state.dropped = 0;
    this.append({ itemId, session, cast: `${lines.join('\n')}\n`, dropped });
  }
}
