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
