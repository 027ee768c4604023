import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { Pausable } from './flowControl.js';
import { PTY_HOST_WORKER_SOURCE } from './ptyHostWorkerSource.js';

/**
 * The main thread's side of the pty host (ptyHostWorkerSource.ts): every shell's node-pty lives
 * in one worker thread that only reads, and its output arrives here as messages.
 *
 * Why a thread: the host's own work per batch (the frame's copy, the WebSocket send, the
 * recording, the acks) ran on the thread that read the pty, and between two reads the pty's 4 KiB
 * line-discipline buffer filled; then every read had to wake a kernel worker to refill it
 * (measured with perf, docs/terminal.md). The reader thread keeps the pty drained and hands over
 * up to POST_MAX_BYTES at a time.
 */

/**
 * Most bytes the reader joins before it posts: half a batch (OutputBatcher joins two). The read
 * that reaches it is posted with the rest, so a post is at most this plus one read (64 KiB).
 */
export const PTY_POST_MAX_BYTES = 64 * 1024;
/** How long the reader joins reads that follow one it posted (OutputBatcher's rule, shorter). */
export const PTY_POST_WINDOW_MS = 1;
/**
 * Most bytes the reader may have posted that this thread has not taken in yet. Flow control (acks
 * from the renderer) is decided here, so while this thread is busy the reader would otherwise read
 * on without bound; at this point it stops reading until this thread catches up. So what flow
 * control's pause finds already read is about this plus two posts (flowControl.ts).
 */
export const PTY_TRANSIT_MAX_BYTES = 256 * 1024;

const POSTED = 0;
const RECEIVED = 1;
const STALLED = 2;

/** What to start: exactly the node-pty spawn of shellLaunch's plan. */
export interface PtySpawnRequest {
  file: string;
  args: readonly string[];
  name: string;
  cols: number;
  rows: number;
  cwd: string;
  env: Record<string, string>;
}

/** Where a shell's events go. Output is raw bytes, exactly as the pty produced them. */
export interface PtySink {
  data(chunk: Buffer): void;
  /** After the last data. `signal` as node-pty reports it (0 or null when none). */
  exit(exitCode: number | null, signal: number | null): void;
  /** A request the reader could not carry out (e.g. a resize racing the pty's close), or the reader died. */
  error(message: string): void;
}

/** One shell in the pty host; `pause`/`resume` are flow control's. */
export interface PtyProcess extends Pausable {
  readonly pid: number;
  /**
   * Where its events go from now on. What came before (the reply that started it may be followed
   * by output before the spawner's code runs again) is delivered first, in order, from this call.
   */
  listen(sink: PtySink): void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Bytes the reader has posted that this thread has not taken in (the transit bound's measure). */
  inTransit(): number;
}

/** Output: checked by isDataReply's fast path first, by this schema only when that refuses it. */
const dataReplySchema = z.object({ kind: z.literal('data'), id: z.string(), bytes: z.instanceof(ArrayBuffer) });
type DataReply = z.infer<typeof dataReplySchema>;

const replySchema = z.discriminatedUnion('kind', [
  dataReplySchema,
  z.object({ kind: z.literal('spawned'), id: z.string(), pid: z.number().int().positive() }),
  z.object({ kind: z.literal('spawn-failed'), id: z.string(), message: z.string() }),
  z.object({ kind: z.literal('exit'), id: z.string(), exitCode: z.number().int().nullable(), signal: z.number().int().nullable() }),
  z.object({ kind: z.literal('request-failed'), id: z.string(), request: z.string(), message: z.string() }),
]);

/**
 * Output is most of the traffic: its header is checked by hand (dataReplySchema's rules, without
 * zod's cost per message), its bytes not at all (as frames).
 */
function isDataReply(message: unknown): message is DataReply {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<DataReply>;
  return m.kind === 'data' && typeof m.id === 'string' && m.bytes instanceof ArrayBuffer;
}

/**
 * node-pty's entry point. In the packaged app node-pty is unpacked whole (electron-builder.yml's
 * asarUnpack) and the worker loads it from there, as node-pty finds its own spawn-helper, rather
 * than relying on the asar file system inside a worker thread.
 */
function nodePtyPath(): string {
  return unpackedPath(createRequire(import.meta.url).resolve('node-pty'));
}

/**
 * `path` inside the app's asar archive (a path segment named exactly `app.asar`), moved to its
 * unpacked twin `app.asar.unpacked`; any other path as is.
 */
export function unpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

interface Entry {
  counters: Int32Array;
  resolve(process: PtyProcess): void;
  reject(error: Error): void;
  process: WorkerPty | null;
}

type PtyEvent = { kind: 'data'; chunk: Buffer } | { kind: 'exit'; exitCode: number | null; signal: number | null } | { kind: 'error'; message: string };

class WorkerPty implements PtyProcess {
  private sink: PtySink | null = null;
  private early: PtyEvent[] = [];

  constructor(
    private readonly host: PtyHost,
    private readonly id: string,
    readonly pid: number,
    private readonly counters: Int32Array,
  ) {}

  listen(sink: PtySink): void {
    if (this.sink) throw new Error('a pty has one listener');
    this.sink = sink;
    const early = this.early;
    this.early = [];
    for (const event of early) this.deliver(event);
  }

  deliver(event: PtyEvent): void {
    const sink = this.sink;
    if (!sink) {
      this.early.push(event);
      return;
    }
    if (event.kind === 'data') sink.data(event.chunk);
    else if (event.kind === 'exit') sink.exit(event.exitCode, event.signal);
    else sink.error(event.message);
  }

  write(data: string): void {
    this.host.request({ kind: 'write', id: this.id, data });
  }

  resize(cols: number, rows: number): void {
    this.host.request({ kind: 'resize', id: this.id, cols, rows });
  }

  pause(): void {
    this.host.request({ kind: 'flow', id: this.id, paused: true });
  }

  resume(): void {
    this.host.request({ kind: 'flow', id: this.id, paused: false });
  }

  inTransit(): number {
    return (Atomics.load(this.counters, POSTED) - Atomics.load(this.counters, RECEIVED)) | 0;
  }
}

export interface PtyHostLimits {
  postMaxBytes: number;
  postWindowMs: number;
  transitMaxBytes: number;
}

export const DEFAULT_PTY_HOST_LIMITS: PtyHostLimits = {
  postMaxBytes: PTY_POST_MAX_BYTES,
  postWindowMs: PTY_POST_WINDOW_MS,
  transitMaxBytes: PTY_TRANSIT_MAX_BYTES,
};

/**
 * Owns the reader worker: started at the first spawn and never stopped, referenced while any shell
 * runs (so a running shell keeps the process alive, as node-pty's own socket did).
 *
 * Never terminated on purpose: node-pty waits for each child on a native thread, and when a child
 * exits after the worker that spawned it is gone, that thread's callback finds no JavaScript
 * environment and aborts the whole process ("terminate called after throwing an instance of
 * 'Napi::Error'", seen here). So the worker catches what its handlers throw and reports it. Should
 * it die all the same (a fault in node-pty itself), its shells are reported as an error and an
 * exit and the next spawn starts a new worker; the session then ends their processes, and their
 * exits may well abort the process as above. That path is not tested: it is no better than the
 * crash that ended the reader, only more orderly up to that point.
 */
export class PtyHost {
  private worker: Worker | null = null;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limits: PtyHostLimits = DEFAULT_PTY_HOST_LIMITS) {}

  /** Starts a shell; rejects with node-pty's message when it cannot. */
  spawn(request: PtySpawnRequest): Promise<PtyProcess> {
    const id = randomUUID();
    const counters = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    return new Promise<PtyProcess>((resolve, reject) => {
      this.entries.set(id, { counters, resolve, reject, process: null });
      const worker = this.ensureWorker();
      worker.ref();
      worker.postMessage({
        kind: 'spawn',
        id,
        file: request.file,
        args: [...request.args],
        options: { name: request.name, cols: request.cols, rows: request.rows, cwd: request.cwd, env: request.env },
        counters,
      });
    });
  }

  /** Sends a request for a running shell; ignored once the reader is gone (its shells are reported ended). */
  request(message: { kind: string; id: string } & Record<string, unknown>): void {
    this.worker?.postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(PTY_HOST_WORKER_SOURCE, {
      eval: true,
      workerData: { nodePtyPath: nodePtyPath(), ...this.limits },
    });
    worker.on('message', (message: unknown) => this.onMessage(worker, message));
    worker.on('error', (error: Error) => this.onWorkerGone(worker, `the pty host failed: ${error.message}`));
    worker.on('exit', (code: number) => this.onWorkerGone(worker, `the pty host exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  private onMessage(worker: Worker, message: unknown): void {
    if (isDataReply(message)) return this.onData(worker, message);
    const parsed = replySchema.safeParse(message);
    if (!parsed.success) {
      // A reply this thread does not understand is a bug in the pair; it must not pass silently.
      throw new Error(`pty host: malformed reply ${JSON.stringify(message)}: ${parsed.error.message}`);
    }
    const reply = parsed.data;
    const entry = this.entries.get(reply.id);
    if (!entry) return;
    switch (reply.kind) {
      case 'data':
        // The schema and isDataReply agree, so this is not reached; handled all the same.
        this.onData(worker, reply);
        return;
      case 'spawned':
        entry.process = new WorkerPty(this, reply.id, reply.pid, entry.counters);
        entry.resolve(entry.process);
        return;
      case 'spawn-failed':
        this.forget(reply.id);
        entry.reject(new Error(reply.message));
        return;
      case 'exit':
        this.forget(reply.id);
        entry.process?.deliver({ kind: 'exit', exitCode: reply.exitCode, signal: reply.signal });
        return;
      case 'request-failed':
        entry.process?.deliver({ kind: 'error', message: `${reply.request}: ${reply.message}` });
        return;
    }
  }

  private onData(worker: Worker, message: DataReply): void {
    const entry = this.entries.get(message.id);
    if (!entry?.process) return;
    // Counted before anything else runs, so the reader's transit bound sees this thread's pace.
    Atomics.add(entry.counters, RECEIVED, message.bytes.byteLength);
    if (Atomics.load(entry.counters, STALLED) === 1) worker.postMessage({ kind: 'drained', id: message.id });
    entry.process.deliver({ kind: 'data', chunk: Buffer.from(message.bytes) });
  }

  private forget(id: string): void {
    this.entries.delete(id);
    if (this.entries.size === 0) this.worker?.unref();
  }

  private onWorkerGone(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) {
      if (entry.process === null) {
        entry.reject(new Error(why));
        continue;
      }
      entry.process.deliver({ kind: 'error', message: why });
      entry.process.deliver({ kind: 'exit', exitCode: null, signal: null });
    }
  }
}

let shared: PtyHost | null = null;

/** The process's one pty host (one reader thread for every shell). */
export function sharedPtyHost(): PtyHost {
  shared ??= new PtyHost();
  return shared;
}
