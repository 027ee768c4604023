import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { VigilError } from '../../../shared/errors.js';
import { fsyncDir, mkdirDurable, writeAll, writeFileDurable } from '../../core/store/fsyncWrite.js';
import { toStorageError } from '../../core/store/storageError.js';
import { errnoCode } from '../../core/store/storeFs.js';

/**
 * The hub's write-ahead log: newline-delimited JSON records in numbered segment files, appended
 * with group commit. Every `append` resolves once its lines are written and fdatasync'ed; appends
 * that arrive while a sync is in flight share the next one. One log for all attempts is what lets a
 * hub acknowledge 1,000 candidates' journal entries a second: a per-attempt file needs one fsync
 * per attempt (about 2.5 ms each on an ordinary disk), the shared log one per batch.
 *
 * Recovery: a last line cut short by a crash (no newline, or not JSON) was never acknowledged; it
 * is copied to `quarantine/` and cut off. A bad line anywhere else is damage, not a crash: it is
 * copied to quarantine/, skipped and reported, and the records around it are kept.
 */
export interface WalPosition {
  segment: number;
  offset: number;
  length: number;
}

export interface WalDamage {
  segment: number;
  offset: number;
  reason: string;
  quarantined: string;
}

export interface WalOpenOptions {
  dir: string;
  /** Where damaged bytes are copied. */
  quarantineDir: string;
  /** A segment is closed and the next begun once it grows past this. */
  segmentBytes?: number;
  onDamage?: (damage: WalDamage) => void;
}

export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

const SEGMENT_NAME = /^(\d{6})\.jsonl$/;
const segmentName = (n: number): string => `${String(n).padStart(6, '0')}.jsonl`;

interface PendingAppend {
  lines: string[];
  resolve: (positions: WalPosition[]) => void;
  reject: (error: unknown) => void;
}

export class WalLog {
  private pending: PendingAppend[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  private dirtyTail = false;

  private constructor(
    private readonly dir: string,
    private segment: number,
    private handle: fsp.FileHandle,
    private size: number,
    private readonly segmentBytes: number,
  ) {}

  /**
   * Opens the log in `dir` (creating it), calling `onRecord` with every record in order, then
   * returns the log ready for appends.
   */
  static async open(options: WalOpenOptions, onRecord: (record: unknown, position: WalPosition) => void): Promise<WalLog> {
    const { dir } = options;
    await mkdirDurable(dir);
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch (error) {
      throw toStorageError(error, 'list', dir);
    }
    const segments = names
      .map((n) => SEGMENT_NAME.exec(n)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    let last = segments.at(-1) ?? 1;
    let lastSize = 0;
    for (const [i, segment] of segments.entries()) {
      const isLast = i === segments.length - 1;
      lastSize = await replaySegment(options, segment, isLast, onRecord);
    }
    if (segments.length === 0) last = 1;
    const path = join(dir, segmentName(last));
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(path, 'a', 0o600);
    } catch (error) {
      throw toStorageError(error, 'open', path);
    }
    if (segments.length === 0) await fsyncDir(dir);
    return new WalLog(dir, last, handle, lastSize, options.segmentBytes ?? DEFAULT_SEGMENT_BYTES);
  }

  /** Appends JSON lines (no newlines inside); resolves with their positions once durable. */
  append(lines: string[]): Promise<WalPosition[]> {
    if (this.closed) return Promise.reject(new VigilError('storage', `the hub log ${this.dir} is closed`));
    return new Promise((resolve, reject) => {
      this.pending.push({ lines, resolve, reject });
      if (this.flushing === null) this.flushing = this.flushLoop();
    });
  }

  /** The record text at `position`. */
  async read(position: WalPosition): Promise<string> {
    const path = join(this.dir, segmentName(position.segment));
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(path, 'r');
    } catch (error) {
      throw toStorageError(error, 'open', path);
    }
    try {
      const buffer = Buffer.alloc(position.length);
      const { bytesRead } = await handle.read(buffer, 0, position.length, position.offset);
      if (bytesRead !== position.length) throw new VigilError('storage', `${path} is shorter than its index says (offset ${position.offset})`);
      return buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  }

  async drain(): Promise<void> {
    while (this.flushing !== null) await this.flushing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.drain();
    await this.handle.close();
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.commit(batch);
        if (this.size >= this.segmentBytes) await this.rotate();
      }
    } finally {
      this.flushing = null;
    }
  }

  private async commit(batch: PendingAppend[]): Promise<void> {
    const chunks: Buffer[] = [];
    const positions: WalPosition[][] = [];
    let offset = this.size;
    for (const item of batch) {
      const mine: WalPosition[] = [];
      for (const line of item.lines) {
        const bytes = Buffer.from(`${line}\n`, 'utf8');
        mine.push({ segment: this.segment, offset, length: bytes.length - 1 });
        offset += bytes.length;
        chunks.push(bytes);
      }
      positions.push(mine);
    }
    const all = Buffer.concat(chunks);
    try {
      if (this.dirtyTail) await this.cutTail();
      await writeAll(this.handle, all);
      await this.handle.datasync();
    } catch (error) {
      this.dirtyTail = true;
      const failure = toStorageError(error, 'append to', join(this.dir, segmentName(this.segment)));
      await this.cutTail().catch(() => {
        // Still dirty: the next commit cuts first, and a restart treats the bytes as a torn tail.
      });
      for (const item of batch) item.reject(failure);
      return;
    }
    this.size = offset;
    batch.forEach((item, i) => item.resolve(positions[i] as WalPosition[]));
  }

  private async cutTail(): Promise<void> {
    await this.handle.truncate(this.size);
    this.dirtyTail = false;
  }

  private async rotate(): Promise<void> {
    const next = this.segment + 1;
    const path = join(this.dir, segmentName(next));
    const handle = await fsp.open(path, 'a', 0o600).catch((error: unknown) => {
      throw toStorageError(error, 'open', path);
    });
    await fsyncDir(this.dir);
    const old = this.handle;
    this.handle = handle;
    this.segment = next;
    this.size = 0;
    await old.close();
  }
}

/** Replays one segment; returns the byte length of its good part (a torn tail is cut off). */
async function replaySegment(
  options: WalOpenOptions,
  segment: number,
  isLast: boolean,
  onRecord: (record: unknown, position: WalPosition) => void,
): Promise<number> {
  const path = join(options.dir, segmentName(segment));
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(path);
  } catch (error) {
    throw toStorageError(error, 'read', path);
  }
  // Bytes after the last newline belong to an append that never finished.
  let goodEnd = bytes.lastIndexOf(0x0a) + 1;
  let offset = 0;
  while (offset < goodEnd) {
    const end = bytes.indexOf(0x0a, offset);
    const parsed = parseLine(bytes, offset, end);
    if (parsed.ok) {
      onRecord(parsed.value, { segment, offset, length: end - offset });
    } else if (isLast && end + 1 === goodEnd) {
      // The final line is garbage: the same interrupted append. Cut from here.
      goodEnd = offset;
      break;
    } else {
      const quarantined = await quarantine(options, `${segmentName(segment)}.at-${offset}`, bytes.subarray(offset, end));
      options.onDamage?.({ segment, offset, reason: parsed.reason, quarantined });
    }
    offset = end + 1;
  }
  if (goodEnd < bytes.length) {
    const quarantined = await quarantine(options, `${segmentName(segment)}.tail`, bytes.subarray(goodEnd));
    if (isLast) {
      await truncateDurably(path, goodEnd);
      options.onDamage?.({ segment, offset: goodEnd, reason: 'an interrupted append (never acknowledged) was cut off', quarantined });
      return goodEnd;
    }
    options.onDamage?.({ segment, offset: goodEnd, reason: 'a closed segment ends without a line end', quarantined });
  }
  return bytes.length;
}

function parseLine(bytes: Buffer, start: number, end: number): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8', start, end)) };
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function quarantine(options: WalOpenOptions, base: string, bytes: Uint8Array): Promise<string> {
  await mkdirDurable(options.quarantineDir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const target = join(options.quarantineDir, `${base}.${stamp}${n === 0 ? '' : `-${n}`}`);
    try {
      await fsp.access(target);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw toStorageError(error, 'check', target);
      await writeFileDurable(target, bytes);
      return target;
    }
  }
}

async function truncateDurably(path: string, length: number): Promise<void> {
  const handle = await fsp.open(path, 'r+').catch((error: unknown) => {
    throw toStorageError(error, 'open', path);
  });
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
