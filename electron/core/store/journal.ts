import { basename, dirname, relative } from 'node:path';
import { canonicalJson } from '../../../shared/canonicalJson.js';
import { describeZodError, VigilError } from '../../../shared/errors.js';
import {
  journalDataSchemaFor,
  journalEntrySchema,
  journalHashInput,
  verifyChain,
  type HashFn,
  type JournalData,
  type JournalEntry,
  type JournalEntryType,
  type RepairData,
} from '../../../shared/journal.js';
import { fsyncDir, writeAll } from '../../base/fsyncWrite.js';
import { sha256Hex } from '../../base/sha256.js';
import { copyToQuarantine } from './quarantine.js';
import { toStorageError } from '../../base/storageError.js';
import { errnoCode, nodeStoreFs, type StoreFileHandle, type StoreFs } from '../../base/storeFs.js';

/** Wall clock (epoch ms) and a monotonic clock (ms from any origin); injectable for tests. */
export interface JournalClock {
  wallNow(): number;
  monoNow(): number;
}

export const systemClock: JournalClock = { wallNow: () => Date.now(), monoNow: () => performance.now() };

export interface OpenJournalOptions {
  /** `<attempt>/journal.jsonl` */
  path: string;
  /** The attempt folder; damaged bytes go to its quarantine/. Defaults to the journal's folder. */
  attemptDir?: string;
  fs?: StoreFs;
  clock?: JournalClock;
}

/** What scanning the file found: the verified entries and what, if anything, follows them. */
export type JournalScan =
  | { kind: 'clean'; entries: JournalEntry[] }
  /** Bytes after the last good entry that hold no entry of their own: an interrupted append. */
  | { kind: 'torn-tail'; entries: JournalEntry[]; goodLength: number; reason: string }
  /** A bad line followed by real entries, or an entry that breaks the chain: not a crash artefact. */
  | { kind: 'damaged'; entries: JournalEntry[]; goodLength: number; line: number; seq: number | null; reason: string };

/** A bad line still names its seq when it is a well-formed entry whose hash is wrong. */
type LineCheck = { ok: true; entry: JournalEntry } | { ok: false; seq: number | null; reason: string };

/** Parses one line and checks its own hash; `entry` is set when the line is a self-consistent entry. */
function parseLine(bytes: Uint8Array, hashFn: HashFn): LineCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    // Not JSON is exactly what a torn write looks like; the caller decides what that means.
    return { ok: false, seq: null, reason: 'not valid JSON' };
  }
  const parsed = journalEntrySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, seq: null, reason: describeZodError('entry', parsed.error).message };
  if (hashFn(journalHashInput(parsed.data)) !== parsed.data.hash) return { ok: false, seq: parsed.data.seq, reason: 'hash does not match the entry (altered or damaged)' };
  return { ok: true, entry: parsed.data };
}

/**
 * Reads a journal file's bytes. Pure, so it is unit-tested against every kind of damage.
 * Only the end of the file may be bad: an append that was cut short by a crash leaves a partial
 * last line (or, on some file systems, a line of garbage); that is `torn-tail`. A bad line with
 * real entries after it, or a well-formed entry that does not continue the chain, is `damaged`.
 */
export function scanJournal(bytes: Uint8Array, hashFn: HashFn = sha256Hex): JournalScan {
  const entries: JournalEntry[] = [];
  let head: { lastSeq: number; headHash: string | null } = { lastSeq: 0, headHash: null };
  let offset = 0;
  let line = 0;
  for (;;) {
    const nl = bytes.indexOf(0x0a, offset);
    if (nl === -1) break;
    line++;
    const check = parseLine(bytes.subarray(offset, nl), hashFn);
    if (check.ok) {
      const chain = verifyChain([check.entry], hashFn, head);
      if (chain.ok) {
        entries.push(check.entry);
        head = { lastSeq: chain.lastSeq, headHash: chain.headHash };
        offset = nl + 1;
        continue;
      }
      return { kind: 'damaged', entries, goodLength: offset, line, seq: check.entry.seq, reason: chain.reason };
    }
    // A garbage line: torn only if no real entry follows it.
    let after = nl + 1;
    let laterLine = line;
    for (;;) {
      const next = bytes.indexOf(0x0a, after);
      if (next === -1) break;
      laterLine++;
      const later = parseLine(bytes.subarray(after, next), hashFn);
      if (later.ok) {
        return { kind: 'damaged', entries, goodLength: offset, line, seq: check.seq, reason: `${check.reason}, and entry seq ${later.entry.seq} follows on line ${laterLine}` };
      }
      after = next + 1;
    }
    return { kind: 'torn-tail', entries, goodLength: offset, reason: `line ${line}: ${check.reason}` };
  }
  if (offset < bytes.length) return { kind: 'torn-tail', entries, goodLength: offset, reason: `line ${line + 1} has no line end (an append was interrupted)` };
  return { kind: 'clean', entries };
}

interface PendingAppend {
  type: JournalEntryType;
  /** canonicalJson(data), computed once at append time. */
  dataText: string;
  at: string;
  mono: number;
  resolve: (entry: JournalEntry) => void;
  reject: (error: unknown) => void;
}

/**
 * The append-only, hash-chained journal of one attempt (DESIGN 5). `append` resolves only once the
 * entry's line is on disk (written and fdatasync'ed). Appends are queued: entries waiting while a
 * sync is in progress are written together and share the next sync (group commit), and seq/prev are
 * assigned at write time from the last durable entry, so a failed write never leaves a gap or fork.
 */
export class Journal {
  private readonly log: JournalEntry[];
  private lastSeq: number;
  private headHash: string | null;
  /** Bytes of the file that hold durable, verified entries. */
  private size: number;
  /** A failed write may have left bytes after `size`; cut them before the next write. */
  private dirtyTail = false;
  private pending: PendingAppend[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  private readonly listeners = new Set<(entry: JournalEntry) => void>();
  /** mono continues across restarts: the last entry's value plus time since this open. */
  private readonly monoBase: number;
  private readonly monoOrigin: number;
  private lastMono: number;
  /** The repair openJournal made (a torn tail cut), if any. */
  openRepair: RepairData | null = null;

  constructor(
    readonly path: string,
    private readonly handle: StoreFileHandle,
    entries: JournalEntry[],
    size: number,
    private readonly clock: JournalClock,
    private readonly fs: StoreFs = nodeStoreFs,
  ) {
    this.log = entries;
    const last = entries.at(-1);
    this.lastSeq = last?.seq ?? 0;
    this.headHash = last?.hash ?? null;
    this.size = size;
    this.monoBase = last?.mono ?? 0;
    this.monoOrigin = clock.monoNow();
    this.lastMono = this.monoBase;
  }

  get head(): { lastSeq: number; headHash: string | null } {
    return { lastSeq: this.lastSeq, headHash: this.headHash };
  }

  /** All durable entries, oldest first (a copy; entries themselves must not be mutated). */
  entries(): JournalEntry[] {
    return this.log.slice();
  }

  /** Entries with seq > `seq` (seq counts from 1 without gaps, so they start at index `seq`). */
  entriesAfter(seq: number): JournalEntry[] {
    return this.log.slice(Math.max(0, seq));
  }

  /** Called synchronously for every entry once it is durable, in seq order, before append resolves. */
  subscribe(listener: (entry: JournalEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Appends an entry; resolves with it once it is durable. Typed data is validated
   * (VigilError 'invalid-params'); a value JSON cannot carry is a bug (TypeError).
   */
  append<T extends JournalEntryType>(type: T, data: JournalData<T>): Promise<JournalEntry> {
    if (this.closed) return Promise.reject(new VigilError('invalid-state', `the journal ${this.path} is closed`));
    let payload: unknown = data;
    const schema = journalDataSchemaFor(type);
    if (schema !== undefined) {
      const parsed = schema.safeParse(data);
      if (!parsed.success) {
        const { message, fields } = describeZodError(`${type}`, parsed.error);
        return Promise.reject(new VigilError('invalid-params', `invalid ${type} entry: ${message}`, { fields }));
      }
      payload = parsed.data;
    }
    let dataText: string;
    try {
      dataText = canonicalJson(payload);
    } catch (error) {
      return Promise.reject(error);
    }
    const mono = Math.max(this.lastMono, Math.round((this.monoBase + this.clock.monoNow() - this.monoOrigin) * 1000) / 1000);
    this.lastMono = mono;
    const at = new Date(this.clock.wallNow()).toISOString();
    return new Promise<JournalEntry>((resolve, reject) => {
      this.pending.push({ type, dataText, at, mono, resolve, reject });
      if (this.flushing === null) this.flushing = this.flushLoop();
    });
  }

  /** Resolves when every append made so far has settled. */
  async drain(): Promise<void> {
    while (this.flushing !== null) await this.flushing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.drain();
    try {
      await this.handle.close();
    } catch (error) {
      throw toStorageError(error, 'close', this.path);
    }
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.commit(batch);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async commit(batch: PendingAppend[]): Promise<void> {
    const entries: JournalEntry[] = [];
    let text = '';
    let seq = this.lastSeq;
    let prev = this.headHash;
    for (const item of batch) {
      seq++;
      // Keys in canonical (sorted) order, so this is canonicalJson of the entry without building it twice.
      const head = `{"at":${JSON.stringify(item.at)},"data":${item.dataText}`;
      const tail = `"mono":${JSON.stringify(item.mono)},"prev":${prev === null ? 'null' : `"${prev}"`},"seq":${seq},"type":"${item.type}"}`;
      const hash = sha256Hex(`${head},${tail}`);
      text += `${head},"hash":"${hash}",${tail}\n`;
      entries.push({ seq, at: item.at, mono: item.mono, type: item.type, data: JSON.parse(item.dataText) as unknown, prev, hash });
      prev = hash;
    }
    const bytes = Buffer.from(text, 'utf8');
    try {
      if (this.dirtyTail) await this.cutTail();
      await writeAll(this.handle, bytes);
      await this.handle.datasync();
    } catch (error) {
      this.dirtyTail = true;
      // Disk errors become clear storage errors; anything else (a bug) still reaches every caller.
      const failure = errnoCode(error) === undefined ? error : toStorageError(error, 'append to', this.path);
      await this.cutTail().catch(() => {
        // Still dirty: the next append retries the cut first, and reopening treats it as a torn tail.
      });
      for (const item of batch) item.reject(failure);
      return;
    }
    this.size += bytes.length;
    this.lastSeq = seq;
    this.headHash = prev;
    for (let i = 0; i < batch.length; i++) {
      const entry = entries[i] as JournalEntry;
      const item = batch[i] as PendingAppend;
      this.log.push(entry);
      try {
        for (const listener of this.listeners) listener(entry);
      } catch (error) {
        // A listener bug must not hide that the entry is durable; its caller hears about the bug.
        item.reject(error);
        continue;
      }
      item.resolve(entry);
    }
  }

  /** Removes whatever a failed write left after the last durable entry. */
  private async cutTail(): Promise<void> {
    await truncateDurably(this.path, this.size, this.fs);
    this.dirtyTail = false;
  }
}

/**
 * Cuts a file back to `length` and makes that durable. Uses its own read-write handle: on Windows
 * a handle opened for appending may not set the end of file.
 */
async function truncateDurably(path: string, length: number, fs: StoreFs): Promise<void> {
  const handle = await fs.open(path, 'r+');
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Opens (creating if needed) a journal, verifying every entry. Whatever follows the last entry that
 * continues the chain is cut off after its bytes are put in quarantine/, and a `repair` entry says
 * so: a torn last line (an interrupted append) as `journal-tail`, damage with entries after it (a
 * flipped byte, an edited line) as `journal-damage`. Either way the attempt opens with what the
 * journal up to the damage proves; never refusing to start is what keeps the candidate working.
 */
export async function openJournal(options: OpenJournalOptions): Promise<Journal> {
  const fs = options.fs ?? nodeStoreFs;
  const clock = options.clock ?? systemClock;
  const { path } = options;
  const attemptDir = options.attemptDir ?? dirname(path);

  let bytes: Buffer | null;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw toStorageError(error, 'read', path);
    bytes = null;
  }

  const scan: JournalScan = bytes === null ? { kind: 'clean', entries: [] } : scanJournal(bytes);
  let repair: RepairData | null = null;
  if (scan.kind !== 'clean' && bytes !== null) {
    const cut = bytes.length - scan.goodLength;
    const lastSeq = scan.entries.at(-1)?.seq ?? 0;
    // Damaged data is moved aside before the cut, never destroyed. For damage in the middle the
    // whole file is kept: the entries after the damage may still matter to a person.
    const quarantined =
      scan.kind === 'torn-tail'
        ? await copyToQuarantine(attemptDir, `${basename(path)}.tail`, bytes.subarray(scan.goodLength), clock.wallNow(), fs)
        : await copyToQuarantine(attemptDir, basename(path), bytes, clock.wallNow(), fs);
    const where = relative(attemptDir, quarantined);
    repair =
      scan.kind === 'torn-tail'
        ? { what: 'journal-tail', detail: `cut ${cut} bytes after entry seq ${lastSeq} (${scan.reason}); moved to ${where}`, bytes: cut, quarantined: where }
        : {
            what: 'journal-damage',
            detail: `the journal is damaged at ${scan.seq === null ? `line ${scan.line}` : `entry seq ${scan.seq} (line ${scan.line})`}: ${scan.reason}. Recovered the ${scan.entries.length} entries before it; cut ${cut} bytes; the whole damaged file is in ${where}`,
            bytes: cut,
            line: scan.line,
            intactEntries: scan.entries.length,
            quarantined: where,
          };
    try {
      await truncateDurably(path, scan.goodLength, fs);
    } catch (error) {
      throw toStorageError(error, 'cut the damaged part of', path);
    }
  }
  let handle: StoreFileHandle;
  try {
    handle = await fs.open(path, 'a', 0o600);
  } catch (error) {
    throw toStorageError(error, 'open', path);
  }
  if (bytes === null) {
    try {
      await fsyncDir(dirname(path), fs);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  const size = scan.kind === 'clean' ? (bytes?.length ?? 0) : scan.goodLength;
  const journal = new Journal(path, handle, scan.entries, size, clock, fs);
  if (repair !== null) {
    try {
      await journal.append('repair', repair);
      journal.openRepair = repair;
    } catch (error) {
      await journal.close();
      throw error;
    }
  }
  return journal;
}
