import { applyChange } from '../../../../shared/editDiff.js';
import { editDataSchema, languageDataSchema, type JournalEntry } from '../../../../shared/journal.js';
import { parseAsciicast, type CastEvent } from './asciicast.js';

/**
 * One coding item's history as the hub replays it (issue 18): the terminal sessions (from
 * `terminal` entries) and the editor's saves (from `edit` entries) on one clock, the journal's
 * wall clock in milliseconds. `frameAt(t)` is what both showed at time t, so a seek bar can go
 * anywhere and the end shows the final state rather than a blank screen.
 */
export interface TerminalSession {
  session: number;
  /** Wall-clock ms of the recording's time 0. */
  startMs: number;
  width: number;
  height: number;
  /** Output and resize events, at wall-clock ms. */
  events: Array<{ atMs: number; code: 'o' | 'r'; data: string }>;
}

export interface FileEdit {
  atMs: number;
  path: string;
  from: number;
  to: number;
  insert: string;
  base?: string;
}

export interface CodingReplay {
  itemId: string;
  startMs: number;
  endMs: number;
  sessions: TerminalSession[];
  edits: FileEdit[];
  /**
   * Language switches (a `language` entry with `from`): the workspace was reset to the other
   * language's starter there, so the files rebuilt so far are gone. `beforeEdit` is how many of
   * `edits` came before it in the journal.
   */
  resets: Array<{ atMs: number; beforeEdit: number; language: string }>;
  /** Edits that did not fit the text rebuilt so far (a base never journaled): skipped, counted. */
  unreplayable: number;
}

export interface ReplayFrame {
  terminal: { session: number; width: number; height: number; output: string } | null;
  /** The file last edited at or before t, as it was then. */
  file: { path: string; text: string; changedFrom: number; changedTo: number } | null;
  /** Every file edited so far, as it was at t. */
  files: Record<string, string>;
}

function castChunkOf(entry: JournalEntry): { itemId: string; session: number; cast: string } | null {
  const d = entry.data as { itemId?: unknown; session?: unknown; cast?: unknown } | null;
  if (!d || typeof d.itemId !== 'string' || typeof d.cast !== 'string') return null;
  return { itemId: d.itemId, session: typeof d.session === 'number' ? d.session : 1, cast: d.cast };
}

/** Every coding item with a terminal recording or editor saves in the journal, in first-seen order. */
export function codingReplays(entries: readonly JournalEntry[]): CodingReplay[] {
  const byItem = new Map<string, { sessions: Map<number, TerminalSession>; edits: FileEdit[]; resets: CodingReplay['resets'] }>();
  const itemOf = (id: string) => {
    let item = byItem.get(id);
    if (!item) byItem.set(id, (item = { sessions: new Map(), edits: [], resets: [] }));
    return item;
  };
  for (const entry of entries) {
    const atMs = Date.parse(entry.at);
    if (entry.type === 'terminal') {
      const chunk = castChunkOf(entry);
      if (!chunk) continue;
      const item = itemOf(chunk.itemId);
      const known = item.sessions.get(chunk.session);
      const cast = parseAsciicast(chunk.cast, known ?? undefined);
      const last = cast.events[cast.events.length - 1] as CastEvent | undefined;
      // A chunk is journaled just after its last event: that pins the recording's clock to the journal's.
      const session = known ?? { session: chunk.session, startMs: atMs - (last?.t ?? 0) * 1000, width: cast.width, height: cast.height, events: [] };
      if (!known) item.sessions.set(chunk.session, session);
      else if (chunk.cast.startsWith('{')) Object.assign(session, { width: cast.width, height: cast.height });
      for (const e of cast.events) if (e.code === 'o' || e.code === 'r') session.events.push({ atMs: session.startMs + e.t * 1000, code: e.code, data: e.data });
    } else if (entry.type === 'edit') {
      const parsed = editDataSchema.safeParse(entry.data);
      if (!parsed.success) continue;
      const { itemId, path, from, to, insert, base } = parsed.data;
      itemOf(itemId).edits.push({ atMs, path, from, to, insert, ...(base !== undefined ? { base } : {}) });
    } else if (entry.type === 'language') {
      const parsed = languageDataSchema.safeParse(entry.data);
      if (!parsed.success || !parsed.data.from) continue;
      const item = itemOf(parsed.data.itemId);
      item.resets.push({ atMs, beforeEdit: item.edits.length, language: parsed.data.language });
    }
  }
  const out: CodingReplay[] = [];
  for (const [itemId, item] of byItem) {
    const sessions = [...item.sessions.values()].sort((a, b) => a.startMs - b.startMs);
    for (const s of sessions) s.events.sort((a, b) => a.atMs - b.atMs);
    const times = [...sessions.flatMap((s) => [s.startMs, ...s.events.map((e) => e.atMs)]), ...item.edits.map((e) => e.atMs)].filter(Number.isFinite);
    if (times.length === 0) continue;
    const { unreplayable } = rebuild(item.edits, item.resets, Infinity);
    out.push({ itemId, startMs: Math.min(...times), endMs: Math.max(...times), sessions, edits: item.edits, resets: item.resets, unreplayable });
  }
  return out;
}

function rebuild(edits: readonly FileEdit[], resets: CodingReplay['resets'], atMs: number): { files: Record<string, string>; last: FileEdit | null; unreplayable: number } {
  let files: Record<string, string> = {};
  let last: FileEdit | null = null;
  let unreplayable = 0;
  let nextReset = 0;
  /** Applies the language switches journaled before edit `index` (and by `atMs`): the files start over. */
  const resetUpTo = (index: number) => {
    while (nextReset < resets.length && (resets[nextReset]?.beforeEdit ?? Infinity) <= index && (resets[nextReset]?.atMs ?? Infinity) <= atMs) {
      files = {};
      last = null;
      nextReset++;
    }
  };
  for (const [index, edit] of edits.entries()) {
    if (edit.atMs > atMs) break;
    resetUpTo(index);
    const before = edit.base ?? files[edit.path];
    if (before === undefined) {
      unreplayable++;
      continue;
    }
    try {
      files[edit.path] = applyChange(before, edit);
      last = edit;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      unreplayable++;
    }
  }
  resetUpTo(edits.length);
  return { files, last, unreplayable };
}

/** What the terminal and the editor showed at `atMs` (clamped to the replay's span). */
export function frameAt(replay: CodingReplay, atMs: number): ReplayFrame {
  const t = Math.min(Math.max(atMs, replay.startMs), replay.endMs);
  const session = [...replay.sessions].reverse().find((s) => s.startMs <= t) ?? null;
  let terminal: ReplayFrame['terminal'] = null;
  if (session) {
    let output = '';
    let { width, height } = session;
    for (const e of session.events) {
      if (e.atMs > t) break;
      if (e.code === 'o') output += e.data;
      else {
        const size = /^(\d+)x(\d+)$/.exec(e.data);
        if (size) [width, height] = [Number(size[1]), Number(size[2])];
      }
    }
    terminal = { session: session.session, width, height, output };
  }
  const { files, last } = rebuild(replay.edits, replay.resets, t);
  const file = last ? { path: last.path, text: files[last.path] ?? '', changedFrom: last.from, changedTo: last.from + last.insert.length } : null;
  return { terminal, file, files };
}
