import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { VigilError } from '../../../shared/errors.js';
import type { TerminalSessionInfo } from '../../../shared/terminal.js';
import { FlowControl, type FlowState } from './flowControl.js';
import { OutputBatcher } from './outputBatcher.js';
import { OutputTail } from './outputTail.js';
import { sharedPtyHost, type PtyProcess } from './ptyHost.js';
import { killProcessTree } from './processTree.js';
import { detectSandbox, probeHostLayout } from './sandbox.js';
import { releaseCgroups, type PreparedCgroups } from './sandboxLaunch.js';
import { planLaunch, SESSION_MARKER_VAR, SHELL_TERM } from './shellLaunch.js';
import { nextRecordingPath, TerminalRecorder } from './terminalRecorder.js';
import type { PtySessionOptions, SessionState, ShellEnvironment, TerminalSession } from './terminalTypes.js';

/** If node-pty has not reported the exit this long after the tree is gone, report it ourselves. */
const EXIT_REPORT_TIMEOUT_MS = 5000;

/** One running shell process: everything that is replaced on restart. */
interface Generation {
  n: number;
  pty: PtyProcess;
  pid: number;
  marker: string;
  batcher: OutputBatcher;
  flow: FlowControl;
  /** What a page that attaches again is shown (see OutputTail). */
  tail: OutputTail;
  recorder: TerminalRecorder | null;
  /** Set by restart(): the replaced shell's end is not an exit of the session. */
  silent: boolean;
  /** Set by kill()/restart(), which end the whole tree themselves. */
  killing: boolean;
  done: boolean;
  exited: Promise<void>;
  markExited: () => void;
  /** The shell's cgroups, released once its tree is gone (each start makes new ones). */
  cgroups: PreparedCgroups | null;
}

/** Probes the machine (sandbox, host layout) for shells; the manager does this once. */
export async function probeShellEnvironment(options: { sandbox: boolean; hidePaths?: readonly string[] }): Promise<ShellEnvironment> {
  const detection =
    options.sandbox && process.platform === 'linux'
      ? await detectSandbox()
      : { available: false, kind: 'none' as const, detail: 'sandbox not requested', bwrapPath: null };
  const layout = await probeHostLayout({ hidePaths: options.hidePaths ?? [] });
  return { detection, layout };
}

/**
 * Starts the shell of one coding item (DESIGN 7), in the pty host (ptyHost.ts, the only module
 * that loads node-pty).
 * Throws VigilError: 'not-found' when the workspace is missing, 'unavailable' when the sandbox or
 * a shell is, 'storage' when the recording cannot be created.
 */
export async function createPtySession(options: PtySessionOptions): Promise<TerminalSession> {
  const st = await stat(options.cwd).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!st?.isDirectory()) throw new VigilError('not-found', `workspace ${options.cwd} does not exist`);
  const environment =
    options.environment ?? (await probeShellEnvironment({ sandbox: options.sandbox.enabled, hidePaths: options.hidePaths ?? [] }));
  const session = new PtySession(options, environment);
  await session.start();
  return session;
}

class PtySession implements TerminalSession {
  readonly id: string;
  private cols: number;
  private rows: number;
  private current: Generation | null = null;
  private lastGeneration = 0;
  private lastCastPath: string | null = null;
  private lastSandboxed = false;
  /** Restarts and kills run one at a time, in call order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: PtySessionOptions,
    private readonly environment: ShellEnvironment,
  ) {
    this.id = options.id;
    this.cols = options.cols;
    this.rows = options.rows;
  }

  get state(): SessionState {
    return this.current && !this.current.done ? 'running' : 'exited';
  }

  get pid(): number | null {
    return this.current && !this.current.done ? this.current.pid : null;
  }

  get generation(): number {
    return this.lastGeneration;
  }

  get castPath(): string | null {
    return this.lastCastPath;
  }

  get sandboxed(): boolean {
    return this.lastSandboxed;
  }

  info(): TerminalSessionInfo {
    return {
      sessionId: this.id,
      state: this.state,
      sandboxed: this.lastSandboxed,
      network: this.lastSandboxed ? this.options.sandbox.network : true,
      generation: Math.max(1, this.lastGeneration),
      cols: this.cols,
      rows: this.rows,
    };
  }

  flowState(): FlowState {
    return this.current && !this.current.done ? this.current.flow.state : { paused: false, unacked: 0 };
  }

  replay(): Buffer {
    return this.current?.tail.bytes() ?? Buffer.alloc(0);
  }

  write(data: string): void {
    const gen = this.live();
    if (!gen) return;
    gen.recorder?.input(data);
    gen.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1) {
      throw new VigilError('invalid-params', `terminal size must be positive integers, got ${cols}x${rows}`);
    }
    if (cols === this.cols && rows === this.rows) return;
    this.cols = cols;
    this.rows = rows;
    const gen = this.live();
    if (!gen) return;
    gen.pty.resize(cols, rows);
    gen.recorder?.resize(cols, rows);
  }

  ack(bytes: number): void {
    if (!Number.isFinite(bytes) || bytes <= 0) throw new VigilError('invalid-params', `ack must be a positive count, got ${bytes}`);
    this.live()?.flow.ack(bytes);
  }

  restart(): Promise<TerminalSessionInfo> {
    return this.enqueue(async () => {
      const gen = this.live();
      if (gen) {
        gen.silent = true;
        await this.killGeneration(gen);
      }
      // A shell that exited by itself may still be sweeping its background processes.
      await this.current?.exited;
      await this.start();
      return this.info();
    });
  }

  kill(): Promise<void> {
    return this.enqueue(async () => {
      const gen = this.live();
      if (gen) await this.killGeneration(gen);
      await this.current?.exited;
    });
  }

  /** Spawns a new shell generation. Called by createPtySession and restart(). */
  async start(): Promise<void> {
    const n = this.lastGeneration + 1;
    const marker = randomUUID();
    const plan = await planLaunch({
      workspaceDir: this.options.cwd,
      ...(this.options.shell !== undefined ? { shell: this.options.shell } : {}),
      sandbox: this.options.sandbox,
      detection: this.environment.detection,
      layout: this.environment.layout,
      marker,
    });

    let recorder: TerminalRecorder | null = null;
    if (this.options.recordDir !== undefined) {
      const recordDir = this.options.recordDir;
      const onRecording = this.options.onRecording;
      recorder = await (async () => {
        const { path, n } = await nextRecordingPath(recordDir, this.id);
        return TerminalRecorder.create(
          path,
          { width: this.cols, height: this.rows, shell: plan.shellPath, term: SHELL_TERM },
          { onError: (error) => this.reportError(error), ...(onRecording ? { onFlush: (bytes: Buffer) => onRecording(n, bytes) } : {}) },
        );
      })().catch(async (error: unknown) => {
        // No shell will run in them.
        if (plan.cgroups) await releaseCgroups(plan.cgroups);
        throw error;
      });
    }

    let pty: PtyProcess;
    try {
      // Output comes as raw Buffers: it travels as bytes to xterm, which decodes UTF-8 (DESIGN 7).
      pty = await sharedPtyHost().spawn({ file: plan.file, args: plan.args, name: SHELL_TERM, cols: this.cols, rows: this.rows, cwd: plan.cwd, env: plan.env });
    } catch (err) {
      await recorder?.close();
      if (plan.cgroups) await releaseCgroups(plan.cgroups);
      throw new VigilError('unavailable', `cannot start the shell ${plan.shellPath}: ${(err as Error).message}`);
    }

    let markExited = () => {};
    const exited = new Promise<void>((resolve) => {
      markExited = resolve;
    });
    const tail = new OutputTail();
    const batcher = new OutputBatcher((chunk) => {
      recorder?.output(chunk);
      tail.push(chunk);
      this.options.onData(chunk);
    }, this.options.scheduler);
    const gen: Generation = {
      n,
      pty,
      pid: pty.pid,
      marker,
      batcher,
      flow: new FlowControl(pty),
      tail,
      recorder,
      silent: false,
      killing: false,
      done: false,
      exited,
      markExited,
      cgroups: plan.cgroups,
    };
    pty.listen({
      data: (chunk) => {
        if (gen.done) return;
        gen.flow.sent(gen.batcher.push(chunk));
        // Paused, the pty delivers nothing more until acks arrive: holding the batch for the rest of
        // its 5 ms window would only delay the acks that resume it.
        if (gen.flow.state.paused) gen.batcher.flush();
      },
      exit: (exitCode, signal) => {
        void this.finish(gen, exitCode, signal && signal > 0 ? signal : null);
      },
      error: (message) => this.reportError(new VigilError('internal', `terminal ${this.id}: ${message}`)),
    });

    this.current = gen;
    this.lastGeneration = n;
    this.lastCastPath = recorder?.path ?? null;
    this.lastSandboxed = plan.sandboxed;
  }

  private live(): Generation | null {
    return this.current && !this.current.done ? this.current : null;
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async killGeneration(gen: Generation): Promise<void> {
    gen.killing = true;
    await this.endTree(gen);
    // A paused pty is not read, so node-pty only notices the end after its socket timeout.
    gen.pty.resume();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), EXIT_REPORT_TIMEOUT_MS);
    });
    const outcome = await Promise.race([gen.exited.then(() => 'exited' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') await this.finish(gen, null, null);
  }

  /** The generation's process ended: flush output, close the recording, report the exit once. */
  private async finish(gen: Generation, exitCode: number | null, signal: number | null): Promise<void> {
    if (gen.done) return gen.exited;
    gen.done = true;
    gen.batcher.end();
    try {
      await gen.recorder?.close();
    } catch (err) {
      this.reportError(err instanceof VigilError ? err : new VigilError('storage', `closing ${gen.recorder?.path}: ${(err as Error).message}`));
    }
    // After the recording is complete, so whoever hears of the exit can read it.
    if (!gen.silent) this.options.onExit(exitCode, signal);
    // The shell ended by itself (`exit`): what it left running in the background (a server on a
    // port, a `setsid` job) must not outlive it. Under bubblewrap the namespace already took them.
    if (!gen.killing) await this.endTree(gen);
    // kill() ends the tree before the exit is seen; either way nothing of this shell runs now.
    if (gen.cgroups) await releaseCgroups(gen.cgroups);
    gen.markExited();
  }

  /** Ends every process of the generation; survivors are reported, never ignored. */
  private async endTree(gen: Generation): Promise<void> {
    const result = await killProcessTree(gen.pid, {
      marker: [SESSION_MARKER_VAR, gen.marker],
      graceMs: this.options.killGraceMs ?? 2000,
    });
    if (result.survivors.length > 0) {
      this.reportError(new VigilError('internal', `processes of terminal ${this.id} survived SIGKILL`, { pids: result.survivors }));
    }
  }

  private reportError(error: VigilError): void {
    this.options.onError(error);
  }
}
