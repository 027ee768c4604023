/**
 * The autosave queue (DESIGN 5, issue 4): answer edits are debounced (at most `maxWaitMs`, 500 ms,
 * from the first unsaved edit to the save call), sent one at a time per item, and only count as
 * saved when the engine acknowledges them durably (saveAnswer resolves after the fsync). A failed
 * save keeps the value here, is retried with backoff, and can be retried at once by hand.
 *
 * Plain TypeScript with injected timers and clock, so its states are testable without React.
 */
export type SaveStatus = 'idle' | 'saving' | 'saved' | 'failed';

export interface SaveSnapshot {
  status: SaveStatus;
  /** Local epoch ms of the last durable acknowledgement (null before any). */
  lastSavedAt: number | null;
  /** The last failure's message while any change is failing. */
  error: string | null;
  /** Local epoch ms of the next automatic retry, null when none is scheduled. */
  retryAt: number | null;
  /** Items with changes that are not durable yet. */
  unsaved: string[];
}

export interface SaveAck {
  seq: number;
  savedAt: string;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SaveQueueOptions<A = SaveAck> {
  save(itemId: string, value: unknown): Promise<A>;
  onChange(snapshot: SaveSnapshot): void;
  onSaved?(itemId: string, value: unknown, ack: A): void;
  /** A save failed (it stays queued and is retried unless discarded). */
  onFailed?(itemId: string, value: unknown, error: unknown): void;
  /** Quiet time after the last keystroke before saving. */
  idleMs?: number;
  /** Longest wait from the first unsaved edit to its save call (DESIGN 5: 500 ms). */
  maxWaitMs?: number;
  /** Automatic retry delays after consecutive failures; the last one repeats. */
  backoffMs?: readonly number[];
  lastSavedAt?: number | null;
  now?: () => number;
  timers?: Timers;
}

export interface SaveQueue {
  edit(itemId: string, value: unknown, options?: { immediate?: boolean }): void;
  /** Sends every unsaved change now (the "Retry" button). */
  retryNow(): void;
  /** Sends everything and waits; true when every change is durable (used before submitting). */
  flush(): Promise<boolean>;
  /** Forgets an unsaved change that must not be saved any more (a file whose disk copy the candidate took). */
  discard(itemId: string): void;
  snapshot(): SaveSnapshot;
  /** An earlier durable save (e.g. found after a reload): the indicator can say when it was. */
  noteSavedAt(ms: number): void;
  dispose(): void;
}

interface Entry {
  value: unknown;
  /** Changed since the last save call. */
  dirty: boolean;
  inFlight: boolean;
  failed: boolean;
}

export const SAVE_IDLE_MS = 250;
export const SAVE_MAX_WAIT_MS = 500;
export const SAVE_BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000] as const;

export const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createSaveQueue<A = SaveAck>(options: SaveQueueOptions<A>): SaveQueue {
  const idleMs = options.idleMs ?? SAVE_IDLE_MS;
  const maxWaitMs = options.maxWaitMs ?? SAVE_MAX_WAIT_MS;
  const backoff = options.backoffMs ?? SAVE_BACKOFF_MS;
  const now = options.now ?? (() => Date.now());
  const timers = options.timers ?? defaultTimers;

  const entries = new Map<string, Entry>();
  const inFlight = new Set<Promise<void>>();
  let lastSavedAt = options.lastSavedAt ?? null;
  let error: string | null = null;
  let failures = 0;
  let firstDirtyAt: number | null = null;
  let flushTimer: unknown = null;
  let retryTimer: unknown = null;
  let retryAt: number | null = null;
  let disposed = false;

  function snapshot(): SaveSnapshot {
    const anyFailed = [...entries.values()].some((e) => e.failed);
    const status: SaveStatus = anyFailed ? 'failed' : entries.size > 0 ? 'saving' : lastSavedAt !== null ? 'saved' : 'idle';
    return { status, lastSavedAt, error: anyFailed ? error : null, retryAt: anyFailed ? retryAt : null, unsaved: [...entries.keys()] };
  }

  function emit(): void {
    if (!disposed) options.onChange(snapshot());
  }

  function schedule(delay: number): void {
    if (flushTimer !== null) timers.clearTimeout(flushTimer);
    flushTimer = timers.setTimeout(flushNow, Math.max(0, delay));
  }

  function clearRetry(): void {
    if (retryTimer !== null) timers.clearTimeout(retryTimer);
    retryTimer = null;
    retryAt = null;
  }

  function scheduleRetry(): void {
    clearRetry();
    const delay = backoff[Math.min(failures - 1, backoff.length - 1)] ?? 30_000;
    retryAt = now() + delay;
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      retryAt = null;
      flushNow();
    }, delay);
  }

  function send(itemId: string, entry: Entry): void {
    const value = entry.value;
    entry.dirty = false;
    entry.inFlight = true;
    const done = options.save(itemId, value).then(
      (ack) => {
        entry.inFlight = false;
        entry.failed = false;
        failures = 0;
        if (entries.get(itemId) !== entry) {
          // Discarded while in flight: it was saved all the same.
          options.onSaved?.(itemId, value, ack);
          emit();
          return;
        }
        lastSavedAt = now();
        if (![...entries.values()].some((e) => e.failed)) clearRetry();
        if (!entry.dirty) entries.delete(itemId);
        else if (flushTimer === null) schedule(0);
        options.onSaved?.(itemId, value, ack);
        emit();
      },
      (reason: unknown) => {
        entry.inFlight = false;
        // Discarded while in flight: nothing to retry.
        if (entries.get(itemId) !== entry) return;
        entry.failed = true;
        entry.dirty = true;
        failures += 1;
        error = messageOf(reason);
        scheduleRetry();
        options.onFailed?.(itemId, value, reason);
        emit();
      },
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  }

  function flushNow(): void {
    if (flushTimer !== null) timers.clearTimeout(flushTimer);
    flushTimer = null;
    firstDirtyAt = null;
    if (disposed) return;
    for (const [itemId, entry] of entries) if (entry.dirty && !entry.inFlight) send(itemId, entry);
    emit();
  }

  return {
    edit(itemId, value, editOptions) {
      if (disposed) return;
      const entry = entries.get(itemId) ?? { value, dirty: true, inFlight: false, failed: false };
      entry.value = value;
      entry.dirty = true;
      entries.set(itemId, entry);
      const t = now();
      if (firstDirtyAt === null) firstDirtyAt = t;
      schedule(editOptions?.immediate ? 0 : Math.min(idleMs, firstDirtyAt + maxWaitMs - t));
      emit();
    },
    retryNow() {
      clearRetry();
      flushNow();
    },
    async flush() {
      clearRetry();
      // An edit acknowledged while another was in flight is re-sent: loop until quiet.
      for (let round = 0; round < 10; round++) {
        flushNow();
        while (inFlight.size > 0) await Promise.all([...inFlight]);
        if (entries.size === 0) return true;
        if ([...entries.values()].some((e) => e.failed)) return false;
      }
      return entries.size === 0;
    },
    discard(itemId) {
      if (!entries.delete(itemId)) return;
      if (![...entries.values()].some((e) => e.failed)) clearRetry();
      emit();
    },
    snapshot,
    noteSavedAt(ms) {
      if (lastSavedAt !== null && lastSavedAt >= ms) return;
      lastSavedAt = Math.min(ms, now());
      emit();
    },
    dispose() {
      disposed = true;
      if (flushTimer !== null) timers.clearTimeout(flushTimer);
      clearRetry();
    },
  };
}
