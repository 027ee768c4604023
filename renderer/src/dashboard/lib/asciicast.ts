import type { JournalEntry } from '../../../../shared/journal.js';

/**
 * asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/), the format the candidate's
 * terminal recorder writes: a JSON header line `{version: 2, width, height, ...}`, then one
 * `[seconds, code, data]` line per event, code "o" output, "i" input, "r" resize ("COLSxROWS"),
 * "m" marker.
 */
export interface CastEvent {
  t: number;
  code: 'o' | 'i' | 'r' | 'm';
  data: string;
}

export interface Cast {
  width: number;
  height: number;
  events: CastEvent[];
  /** Seconds, the last event's time. */
  duration: number;
  /** Lines that were not valid asciicast (a recording cut off mid-line by a crash, say). */
  skipped: number;
}

const DEFAULT_SIZE = { width: 80, height: 24 };

/** Parses asciicast v2 text; a missing header (a chunk after the first) keeps `size`. */
export function parseAsciicast(text: string, size: { width: number; height: number } = DEFAULT_SIZE): Cast {
  let { width, height } = size;
  const events: CastEvent[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      // Only a torn last line of a crashed recording should get here; it is counted, not fatal.
      if (!(error instanceof SyntaxError)) throw error;
      skipped++;
      continue;
    }
    if (Array.isArray(value)) {
      const [t, code, data] = value as unknown[];
      if (typeof t === 'number' && Number.isFinite(t) && t >= 0 && (code === 'o' || code === 'i' || code === 'r' || code === 'm') && typeof data === 'string') {
        events.push({ t, code, data });
      } else {
        skipped++;
      }
    } else if (typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 2) {
      const header = value as { width?: unknown; height?: unknown };
      if (typeof header.width === 'number' && header.width > 0) width = header.width;
      if (typeof header.height === 'number' && header.height > 0) height = header.height;
    } else {
      skipped++;
    }
  }
  // Chunks may arrive out of order only if producers misbehave; playback needs time order.
  events.sort((a, b) => a.t - b.t);
  return { width, height, events, duration: events.length ? (events[events.length - 1] as CastEvent).t : 0, skipped };
}

/** One shell session of one coding item, as recorded. */
export interface Recording {
  itemId: string;
  session: number;
  cast: Cast;
}

/**
 * Recordings carried by the journal: `terminal` entries whose data is `{itemId, session, cast}`,
 * `cast` being the asciicast text written since the previous entry of that session (the first
 * includes the header line). Entries of any other shape are ignored.
 */
export function recordingsFromTimeline(entries: readonly JournalEntry[]): Recording[] {
  const texts = new Map<string, { itemId: string; session: number; parts: string[] }>();
  for (const entry of entries) {
    if (entry.type !== 'terminal' || typeof entry.data !== 'object' || entry.data === null) continue;
    const data = entry.data as { itemId?: unknown; session?: unknown; cast?: unknown };
    if (typeof data.itemId !== 'string' || typeof data.cast !== 'string') continue;
    const session = typeof data.session === 'number' && Number.isInteger(data.session) ? data.session : 1;
    const key = `${data.itemId}\u0000${session}`;
    let rec = texts.get(key);
    if (!rec) texts.set(key, (rec = { itemId: data.itemId, session, parts: [] }));
    rec.parts.push(data.cast.endsWith('\n') ? data.cast : `${data.cast}\n`);
  }
  return [...texts.values()]
    .map((r) => ({ itemId: r.itemId, session: r.session, cast: parseAsciicast(r.parts.join('')) }))
    .sort((a, b) => a.itemId.localeCompare(b.itemId) || a.session - b.session);
}

/**
 * The playback schedule: event times with long idle stretches shortened to `idleLimit` seconds
 * (what asciinema's idle_time_limit does), so a candidate thinking for ten minutes does not make
 * the proctor wait ten minutes.
 */
export function compressIdle(events: readonly CastEvent[], idleLimit: number): CastEvent[] {
  let shift = 0;
  let previous = 0;
  return events.map((e) => {
    const gap = e.t - previous;
    if (gap > idleLimit) shift += gap - idleLimit;
    previous = e.t;
    return { ...e, t: e.t - shift };
  });
}
