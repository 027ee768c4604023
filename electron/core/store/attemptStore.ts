import { basename, join, relative, resolve } from 'node:path';
import { Low } from 'lowdb';
import { attemptDocumentSchema, type AttemptDocument } from '../../../shared/attempt.js';
import { VigilError } from '../../../shared/errors.js';
import type { JournalData, JournalEntry, JournalEntryType, RepairData } from '../../../shared/journal.js';
import { acquireAttemptLock, LOCK_FILE, type AttemptLock } from '../../base/attemptLock.js';
import { DurableJsonAdapter } from './durableAdapter.js';
import { applyEntry, foldJournal } from './foldJournal.js';
import { isTempPathOf, mkdirDurable } from '../../base/fsyncWrite.js';
import { openJournal, systemClock, type Journal, type JournalClock } from './journal.js';
import { isPidRunning } from '../../base/processIdentity.js';
import { moveToQuarantine } from './quarantine.js';
import { viewBeyondJournal, type RestoredView } from './restoreView.js';
import { toStorageError } from '../../base/storageError.js';
import { nodeStoreFs, type StoreFs } from '../../base/storeFs.js';

export const ATTEMPT_FILE = 'attempt.json';
export const JOURNAL_FILE = 'journal.jsonl';

/** Attempt ids name folders: keep them to characters that are safe in a path on every OS. */
const ATTEMPT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `<appData>/attempts/<attemptId>` (DESIGN 5), refusing ids that could escape that folder. */
export function attemptDir(appData: string, attemptId: string): string {
  if (!ATTEMPT_ID.test(attemptId) || attemptId.includes('..')) throw new VigilError('invalid-params', `invalid attempt id ${JSON.stringify(attemptId)}`);
  return join(appData, 'attempts', attemptId);
}

export interface AttemptStoreOptions {
  /** The attempt's own folder, `<appData>/attempts/<attemptId>`; created if missing. */
  dir: string;
  /** Defaults to the folder's name. */
  attemptId?: string;
  clock?: JournalClock;
  fs?: StoreFs;
  /**
   * attempt.json is rewritten off the acknowledged path, once the journal has been quiet this many ms
   * (default 200), so its fsyncs do not compete with the saves a candidate is waiting for. A save is
   * acknowledged when its journal line is durable and the view is rebuilt from the journal on open,
   * so a stale attempt.json loses nothing.
   */
  viewWriteDelayMs?: number;
  /** ...but never later than this many ms after the first change it lacks (default 2000). */
  viewWriteMaxDelayMs?: number;
  /** Told when a background attempt.json write fails (the next change retries it). */
  onViewWriteError?: (error: VigilError) => void;
}

/** Acknowledgement of a save: the journal entry is durable. */
export interface Saved {
  seq: number;
  savedAt: string;
}

export interface AttemptStore {
  readonly attemptId: string;
  readonly dir: string;
  /** Resolves once the answer's journal entry is fsync'ed: only then may the UI say "Saved". */
  saveAnswer(itemId: string, value: unknown): Promise<Saved>;
  setFlag(itemId: string, flagged: boolean): Promise<Saved>;
  /** Any other entry (state, violation, command, timer, terminal, sync, repair); resolves when durable. */
  appendEntry<T extends JournalEntryType>(type: T, data: JournalData<T>): Promise<JournalEntry>;
  /** The current view (a copy). */
  view(): AttemptDocument;
  /** The current state alone, without copying the view: checked on every request (dispatch). */
  state(): AttemptDocument['state'];
  /** Every journal entry, oldest first. */
  entries(): JournalEntry[];
  /** Entries with seq > `seq`, oldest first: what the hub has not acknowledged yet. */
  entriesAfter(seq: number): JournalEntry[];
  /** Repairs performed while opening (torn journal tail, damaged attempt.json), empty if none. */
  repairs(): RepairData[];
  /** Writes attempt.json now (after pending appends). */
  flush(): Promise<void>;
  /** Waits for pending appends, writes attempt.json, releases the lock. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens an attempt's durable store (DESIGN 5): takes the single-writer lock, opens and verifies the
 * journal (repairing a torn last line), and rebuilds attempt.json from the journal when it is
 * missing, damaged or behind. Damaged files go to quarantine/ and each repair is journaled.
 */
export async function openAttemptStore(options: AttemptStoreOptions): Promise<AttemptStore> {
  const fs = options.fs ?? nodeStoreFs;
  const clock = options.clock ?? systemClock;
  const dir = resolve(options.dir);
  const attemptId = options.attemptId ?? basename(dir);

  await mkdirDurable(dir, fs);

  const lock = await acquireAttemptLock(dir, attemptId, fs);
  let journal: Journal | null = null;
  try {
    await removeLeftoverTemps(dir, fs);
    journal = await openJournal({ path: join(dir, JOURNAL_FILE), attemptDir: dir, fs, clock });
    const store = new DurableAttemptStore(dir, attemptId, journal, lock, fs, clock, options);
    await store.recoverView();
    return store;
  } catch (error) {
    // Opening failed: leave nothing held. The original error is what the caller needs to see.
    if (journal !== null) await journal.close().catch(() => undefined);
    await lock.release().catch(() => undefined);
    throw error;
  }
}

/** Temp files of a writer that was killed mid-write. We hold the lock, so no live writer owns them. */
async function removeLeftoverTemps(dir: string, fs: StoreFs): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    throw toStorageError(error, 'list', dir);
  }
  const attemptFile = join(dir, ATTEMPT_FILE);
  const lockFile = join(dir, LOCK_FILE);
  for (const name of names) {
    let stale = isTempPathOf(attemptFile, name);
    if (!stale && isTempPathOf(lockFile, name)) {
      // Another process may be creating its lock right now; only a dead one's temp is garbage.
      stale = !isPidRunning(Number(name.slice(LOCK_FILE.length + 1).split('.')[0]));
    }
    if (!stale) continue;
    try {
      await fs.unlink(join(dir, name));
    } catch (error) {
      throw toStorageError(error, 'remove the leftover temporary file', join(dir, name));
    }
  }
}

class DurableAttemptStore implements AttemptStore {
  private readonly doc: AttemptDocument;
  private readonly db: Low<AttemptDocument>;
  private readonly adapter: DurableJsonAdapter<AttemptDocument>;
  private readonly viewDelay: number;
  private readonly viewMaxDelay: number;
  /** performance.now() of the first change attempt.json does not show yet. */
  private viewStaleSince: number | null = null;
  private readonly openRepairs: RepairData[] = [];
  private viewDirty = false;
  private viewTimer: NodeJS.Timeout | null = null;
  private viewWriting: Promise<void> | null = null;
  private closed: Promise<void> | null = null;

  constructor(
    readonly dir: string,
    readonly attemptId: string,
    private readonly journal: Journal,
    private readonly lock: AttemptLock,
    private readonly fs: StoreFs,
    private readonly clock: JournalClock,
    private readonly options: AttemptStoreOptions,
  ) {
    this.viewDelay = options.viewWriteDelayMs ?? 200;
    this.viewMaxDelay = Math.max(this.viewDelay, options.viewWriteMaxDelayMs ?? 2000);
    this.doc = foldJournal(journal.entries(), attemptId);
    this.adapter = new DurableJsonAdapter(join(dir, ATTEMPT_FILE), attemptDocumentSchema, fs);
    this.db = new Low(this.adapter, this.doc);
    // openJournal journals its own repair of a torn tail; report it with ours.
    if (journal.openRepair !== null) this.openRepairs.push(journal.openRepair);
    journal.subscribe((entry) => {
      applyEntry(this.doc, entry);
      this.scheduleViewWrite();
    });
  }

  /**
   * Compares attempt.json with the journal's fold; rewrites it if needed, quarantining damage. When
   * attempt.json shows more than the journal still proves (the journal lost entries), what it adds
   * is journaled as an unverified `journal-loss` repair rather than dropped: a started attempt is
   * never silently reset. Lost or damaged journal entries are also a critical violation, so the
   * proctor hears of them.
   */
  async recoverView(): Promise<void> {
    const file = this.adapter.path;
    const onDisk = await this.adapter.inspect();
    const folded = this.doc;
    // The entries before this open's own repair are the original ones.
    const intactSeq = this.journal.openRepair === null ? folded.lastSeq : folded.lastSeq - 1;
    let problem: string | null = null;
    let restored: RestoredView | null = null;
    if (onDisk.status === 'corrupt') {
      problem = `attempt.json was damaged (${onDisk.reason})`;
    } else if (onDisk.status === 'ok') {
      const disk = onDisk.data;
      const proven = disk.lastSeq <= intactSeq && (disk.lastSeq === 0 ? disk.headHash === null : this.journal.entries()[disk.lastSeq - 1]?.hash === disk.headHash);
      if (disk.attemptId !== this.attemptId) problem = `attempt.json belongs to attempt ${disk.attemptId}`;
      else if (disk.lastSeq === 0 && folded.lastSeq === 0) return; // nothing journaled yet
      else if (!proven && disk.lastSeq > intactSeq) {
        problem = `attempt.json shows entry seq ${disk.lastSeq} but the journal ends at ${intactSeq}`;
        restored = viewBeyondJournal(disk, folded, intactSeq);
      } else if (!proven) problem = `attempt.json names a different head than the journal at seq ${disk.lastSeq}`;
      else if (disk.lastSeq === folded.lastSeq) return; // current
      // else: behind the journal, as expected after a crash between an append and the debounced view write.
    } else if (folded.lastSeq > 0) {
      problem = `attempt.json was missing`;
    }

    if (problem !== null) {
      let detail = `${problem}; rebuilt from ${folded.lastSeq} journal entries`;
      const repair: RepairData = { what: 'attempt-json', detail };
      if (onDisk.status !== 'missing') {
        const moved = await moveToQuarantine(this.dir, file, ATTEMPT_FILE, this.clock.wallNow(), this.fs);
        detail += `; the damaged file is ${relative(this.dir, moved)}`;
        Object.assign(repair, { detail, quarantined: relative(this.dir, moved) });
      }
      this.openRepairs.push(repair);
      await this.journal.append('repair', repair);
      if (restored !== null) {
        const items = Object.keys(restored.answers);
        const loss: RepairData = {
          what: 'journal-loss',
          detail: `the journal lost entries ${intactSeq + 1} to ${onDisk.status === 'ok' ? onDisk.data.lastSeq : '?'}; restored from attempt.json (unverified): ${items.length} answer(s)${restored.state ? `, state ${restored.state}` : ''}${restored.timer ? ', the timer' : ''}`,
          unverified: true,
          restored,
        };
        this.openRepairs.push(loss);
        await this.journal.append('repair', loss);
      }
    }
    const lost = this.openRepairs.filter((r) => r.what === 'journal-damage' || r.what === 'journal-loss');
    if (lost.length > 0) {
      await this.journal.append('violation', { kind: 'journal-repaired', severity: 'critical', detail: lost.map((r) => r.detail).join(' | ') });
    }
    // Not fatal if this fails (e.g. the disk is full): the journal is complete and the view is rebuilt next time.
    await this.writeViewInBackground();
  }

  saveAnswer(itemId: string, value: unknown): Promise<Saved> {
    return this.appendEntry('answer', { itemId, value }).then(savedOf);
  }

  setFlag(itemId: string, flagged: boolean): Promise<Saved> {
    return this.appendEntry('flag', { itemId, flagged }).then(savedOf);
  }

  appendEntry<T extends JournalEntryType>(type: T, data: JournalData<T>): Promise<JournalEntry> {
    if (this.closed !== null) return Promise.reject(new VigilError('invalid-state', `attempt ${this.attemptId} is closed`));
    return this.journal.append(type, data);
  }

  view(): AttemptDocument {
    return structuredClone(this.doc);
  }

  state(): AttemptDocument['state'] {
    return this.doc.state;
  }

  entries(): JournalEntry[] {
    return this.journal.entries();
  }

  entriesAfter(seq: number): JournalEntry[] {
    return this.journal.entriesAfter(seq);
  }

  repairs(): RepairData[] {
    return structuredClone(this.openRepairs);
  }

  async flush(): Promise<void> {
    await this.journal.drain();
    await this.writeViewNow();
  }

  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    let failure: unknown = null;
    try {
      await this.journal.drain();
      // A background write in flight reports its own failure; what matters here is the final state.
      while (this.viewWriting !== null) await Promise.allSettled([this.viewWriting]);
      if (this.viewDirty) await this.writeViewNow();
    } catch (error) {
      failure = error;
    }
    if (this.viewTimer !== null) clearTimeout(this.viewTimer);
    this.viewTimer = null;
    // The journal and lock are released even when the last view write failed: the journal is complete.
    for (const step of [() => this.journal.close(), () => this.lock.release()]) {
      try {
        await step();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
  }

  private scheduleViewWrite(): void {
    this.viewDirty = true;
    const now = performance.now();
    this.viewStaleSince ??= now;
    if (this.viewWriting !== null) return; // writeViewNow reschedules when it finishes
    if (this.viewTimer !== null) clearTimeout(this.viewTimer);
    const delay = Math.max(0, Math.min(this.viewDelay, this.viewStaleSince + this.viewMaxDelay - now));
    this.viewTimer = setTimeout(() => {
      this.viewTimer = null;
      void this.writeViewInBackground();
    }, delay);
    // A pending view write must not keep a process alive: the journal already holds everything.
    this.viewTimer.unref();
  }

  private async writeViewInBackground(): Promise<void> {
    try {
      await this.writeViewNow();
    } catch (error) {
      const failure = error instanceof VigilError ? error : toStorageError(error, 'write', this.adapter.path);
      if (this.options.onViewWriteError) this.options.onViewWriteError(failure);
      else process.emitWarning(`Vigil: ${failure.message} (attempt.json is rebuilt from the journal on next open)`);
    }
  }

  /** Writes the view as it is now; if it changes meanwhile, another write follows (throttled). */
  private async writeViewNow(): Promise<void> {
    // Wait out a write in flight; its failure belongs to its own caller.
    while (this.viewWriting !== null) await Promise.allSettled([this.viewWriting]);
    if (this.viewTimer !== null) {
      clearTimeout(this.viewTimer);
      this.viewTimer = null;
    }
    this.viewDirty = false;
    const staleSince = this.viewStaleSince;
    this.viewStaleSince = null;
    const writing = this.db.write();
    this.viewWriting = writing;
    try {
      await writing;
    } catch (error) {
      this.viewDirty = true; // retried with the next change (or on close)
      this.viewStaleSince ??= staleSince;
      throw error;
    } finally {
      this.viewWriting = null;
    }
    if (this.viewDirty && this.closed === null) this.scheduleViewWrite();
  }
}

function savedOf(entry: JournalEntry): Saved {
  return { seq: entry.seq, savedAt: entry.at };
}
