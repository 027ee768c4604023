import { lstat, readdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The workspace quota and the journal disk's floor (issue 15 point 2). A candidate's shell writes
 * to a host folder on the disk that also holds the journal, and an unprivileged app has no way to
 * give that folder a filesystem quota of its own (that needs a loop device, a project quota or a
 * FUSE filesystem). So the quota is enforced by watching:
 *
 * - every DISK_POLL_MS the free space of the journal's disk (one statfs): below the floor, every
 *   shell is ended;
 * - every WORKSPACE_POLL_MS the bytes each open shell's workspace takes on disk (allocated blocks,
 *   so a sparse file counts for what it uses): over the quota, that item's shell is ended.
 *
 * A breach fires again only when things got worse since the last one (by more than
 * BREACH_SLACK_BYTES or BREACH_SLACK_ENTRIES), so the candidate can open a new shell to delete files without it being
 * ended at once; once back under, the slate is clean. How far a writer can overshoot is its write
 * speed times the poll interval; the disk reserve (store/diskReserve.ts) still holds the space the
 * submit needs.
 */
export const WORKSPACE_QUOTA_BYTES = 1024 * 1024 * 1024;
export const DISK_FLOOR_BYTES = 128 * 1024 * 1024;
export const DISK_POLL_MS = 200;
export const WORKSPACE_POLL_MS = 5000;
/** A workspace with more entries than this is over quota whatever its bytes (the walk stops there). */
export const WORKSPACE_MAX_ENTRIES = 200_000;
export const BREACH_SLACK_BYTES = 8 * 1024 * 1024;
export const BREACH_SLACK_ENTRIES = 1000;

export type DiskBreach =
  | { kind: 'disk-floor'; freeBytes: number; floorBytes: number }
  | { kind: 'workspace-quota'; itemId: string; bytes: number; entries: number; quotaBytes: number; maxEntries: number };

export interface DiskGuardOptions {
  /** A folder on the journal's disk. */
  journalDir: string;
  /** The workspaces whose shells are open now. */
  workspaces: () => Array<{ itemId: string; dir: string }>;
  onBreach: (breach: DiskBreach) => Promise<void>;
  /** Errors of a check (an unreadable folder): logged, the guard keeps going. */
  log: (message: string) => void;
  floorBytes?: number;
  quotaBytes?: number;
  maxEntries?: number;
  diskPollMs?: number;
  workspacePollMs?: number;
}

/** Bytes allocated under `dir` and the entries counted, stopping at `maxEntries`. Never follows links. */
export async function workspaceUsage(dir: string, maxEntries: number): Promise<{ bytes: number; entries: number }> {
  let bytes = 0;
  let entries = 0;
  const pending = [dir];
  while (pending.length > 0 && entries <= maxEntries) {
    const current = pending.pop() as string;
    let names: string[];
    try {
      names = await readdir(current);
    } catch (error) {
      // Removed while we walked (the candidate deleting files): nothing left to count there.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const name of names) {
      if (++entries > maxEntries) break;
      const path = join(current, name);
      const st = await lstat(path).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      });
      if (!st) continue;
      bytes += st.blocks * 512;
      if (st.isDirectory()) pending.push(path);
    }
  }
  return { bytes, entries };
}

export async function freeDiskBytes(path: string): Promise<number> {
  const s = await statfs(path);
  return s.bavail * s.bsize;
}

export class DiskGuard {
  private readonly floorBytes: number;
  private readonly quotaBytes: number;
  private readonly maxEntries: number;
  private diskTimer: NodeJS.Timeout | null = null;
  private workspaceTimer: NodeJS.Timeout | null = null;
  /** Free bytes at the last floor breach, until the disk is above the floor again. */
  private floorBreachedAt: number | null = null;
  /** Workspace bytes and entries at the last quota breach, per item, until it is back under. */
  private readonly quotaBreachedAt = new Map<string, { bytes: number; entries: number }>();
  private checking: Promise<void> = Promise.resolve();
  private lastError: string | null = null;

  constructor(private readonly o: DiskGuardOptions) {
    this.floorBytes = o.floorBytes ?? DISK_FLOOR_BYTES;
    this.quotaBytes = o.quotaBytes ?? WORKSPACE_QUOTA_BYTES;
    this.maxEntries = o.maxEntries ?? WORKSPACE_MAX_ENTRIES;
  }

  /** Starts watching (again a no-op while it runs). */
  start(): void {
    if (this.diskTimer) return;
    this.diskTimer = setInterval(() => void this.queue(() => this.checkDisk()), this.o.diskPollMs ?? DISK_POLL_MS);
    this.workspaceTimer = setInterval(() => void this.queue(() => this.checkWorkspaces()), this.o.workspacePollMs ?? WORKSPACE_POLL_MS);
    this.diskTimer.unref();
    this.workspaceTimer.unref();
  }

  stop(): void {
    if (this.diskTimer) clearInterval(this.diskTimer);
    if (this.workspaceTimer) clearInterval(this.workspaceTimer);
    this.diskTimer = this.workspaceTimer = null;
  }

  /** Both checks now, after any running one (tests, and the moment a shell opens). */
  checkNow(): Promise<void> {
    return this.queue(async () => {
      await this.checkDisk();
      await this.checkWorkspaces();
    });
  }

  /** One check at a time: a slow walk must not pile up behind itself or fire the same breach twice. */
  private queue(check: () => Promise<void>): Promise<void> {
    this.checking = this.checking.then(check).then(
      () => {
        this.lastError = null;
      },
      (error: unknown) => {
        const text = `disk guard: ${error instanceof Error ? error.message : String(error)}`;
        // Polled every 200 ms: a lasting failure is logged once, not five times a second.
        if (text !== this.lastError) this.o.log(text);
        this.lastError = text;
      },
    );
    return this.checking;
  }

  private async checkDisk(): Promise<void> {
    if (this.o.workspaces().length === 0) return;
    const free = await freeDiskBytes(this.o.journalDir);
    if (free >= this.floorBytes) {
      this.floorBreachedAt = null;
      return;
    }
    if (this.floorBreachedAt !== null && free >= this.floorBreachedAt - BREACH_SLACK_BYTES) return;
    this.floorBreachedAt = free;
    await this.o.onBreach({ kind: 'disk-floor', freeBytes: free, floorBytes: this.floorBytes });
  }

  private async checkWorkspaces(): Promise<void> {
    for (const { itemId, dir } of this.o.workspaces()) {
      const usage = await workspaceUsage(dir, this.maxEntries);
      const over = usage.bytes > this.quotaBytes || usage.entries > this.maxEntries;
      if (!over) {
        this.quotaBreachedAt.delete(itemId);
        continue;
      }
      const last = this.quotaBreachedAt.get(itemId);
      // Not worse than at the last breach: the candidate's new shell may be deleting.
      if (last !== undefined && usage.bytes <= last.bytes + BREACH_SLACK_BYTES && usage.entries <= last.entries + BREACH_SLACK_ENTRIES) continue;
      this.quotaBreachedAt.set(itemId, { bytes: usage.bytes, entries: usage.entries });
      await this.o.onBreach({ kind: 'workspace-quota', itemId, bytes: usage.bytes, entries: usage.entries, quotaBytes: this.quotaBytes, maxEntries: this.maxEntries });
    }
  }
}
