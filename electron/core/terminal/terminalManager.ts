import { VigilError } from '../../../shared/errors.js';
import type { SandboxStatus, TerminalSessionInfo } from '../../../shared/terminal.js';
import { continueProcessTree, stopProcessTree } from './processTreeSignal.js';
import { createPtySession, probeShellEnvironment } from './ptySession.js';
import type {
  PtySessionOptions,
  ShellEnvironment,
  TerminalEventSink,
  TerminalOpenOptions,
  TerminalService,
  TerminalSession,
} from './terminalTypes.js';

export interface TerminalManagerOptions {
  /** Every output, exit and error event of every shell, tagged with its item id. */
  onEvent: TerminalEventSink;
  /** Paths the sandbox must hide even inside bound dirs (the app's resources, packages). */
  hidePaths?: readonly string[];
  /** Recording chunks of every shell, tagged with its item id (the attempt journals them for replay). */
  onRecording?: (itemId: string, session: number, bytes: Buffer) => void;
  /** Replaceable for tests; defaults to node-pty sessions. */
  createSession?: (options: PtySessionOptions) => Promise<TerminalSession>;
  /** Replaceable for tests; defaults to probing bwrap and the host once. */
  probeEnvironment?: () => Promise<ShellEnvironment>;
}

/** The shells of one attempt, one per coding item (DESIGN 7). */
export class TerminalManager implements TerminalService {
  private readonly sessions = new Map<string, TerminalSession>();
  private readonly opening = new Map<string, Promise<TerminalSession>>();
  private environment: Promise<ShellEnvironment> | null = null;

  constructor(private readonly options: TerminalManagerOptions) {}

  async sandboxStatus(): Promise<SandboxStatus> {
    const { detection } = await this.shellEnvironment();
    return { available: detection.available, kind: detection.kind, detail: detection.detail };
  }

  async open(itemId: string, options: TerminalOpenOptions): Promise<TerminalSession> {
    const existing = this.sessions.get(itemId);
    if (existing) {
      existing.resize(options.cols, options.rows);
      // A page attaching again has a blank terminal: redraw it from the recent output. Emitted
      // before open() returns, so it reaches the page ahead of any later output and of the reply.
      const replay = existing.replay();
      if (replay.length > 0) this.options.onEvent({ type: 'output', sessionId: itemId, data: replay, replay: true });
      return existing;
    }
    const pending = this.opening.get(itemId);
    if (pending) return pending;

    const opening = this.startSession(itemId, options);
    this.opening.set(itemId, opening);
    try {
      const session = await opening;
      this.sessions.set(itemId, session);
      return session;
    } finally {
      this.opening.delete(itemId);
    }
  }

  get(itemId: string): TerminalSession | undefined {
    return this.sessions.get(itemId);
  }

  write(itemId: string, data: string): void {
    this.require(itemId).write(data);
  }

  resize(itemId: string, cols: number, rows: number): void {
    this.require(itemId).resize(cols, rows);
  }

  ack(itemId: string, bytes: number): void {
    this.require(itemId).ack(bytes);
  }

  restart(itemId: string): Promise<TerminalSessionInfo> {
    return this.require(itemId).restart();
  }

  async close(itemId: string): Promise<void> {
    const session = this.sessions.get(itemId);
    if (!session) return;
    this.sessions.delete(itemId);
    await session.kill();
  }

  /**
   * Ends an item's current shell (its whole tree) but keeps the session, as if the shell had
   * exited: the page hears the exit and the candidate can start a new shell (restart).
   */
  async endShell(itemId: string): Promise<void> {
    await this.sessions.get(itemId)?.kill();
  }

  /** Items whose shell is running now. */
  runningItems(): string[] {
    return [...this.sessions].filter(([, s]) => s.pid !== null).map(([itemId]) => itemId);
  }

  async killAll(): Promise<void> {
    // Shells still starting are killed too; their open() callers get their own result or error.
    await Promise.allSettled([...this.opening.values()]);
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.kill()));
  }

  /**
   * SIGSTOPs every process of every shell (pause and lock, DESIGN 7); continueAll undoes it.
   * Returns what was signalled per item, for the journal.
   */
  stopAll(): Promise<Array<{ itemId: string; pids: number[] }>> {
    return this.signalAll((pid) => stopProcessTree(pid));
  }

  continueAll(): Promise<Array<{ itemId: string; pids: number[] }>> {
    return this.signalAll(async (pid) => continueProcessTree(pid));
  }

  private async signalAll(apply: (rootPid: number) => Promise<number[]>): Promise<Array<{ itemId: string; pids: number[] }>> {
    const out: Array<{ itemId: string; pids: number[] }> = [];
    for (const [itemId, session] of this.sessions) {
      if (session.pid !== null) out.push({ itemId, pids: await apply(session.pid) });
    }
    return out;
  }

  private require(itemId: string): TerminalSession {
    const session = this.sessions.get(itemId);
    if (!session) throw new VigilError('not-found', `no terminal is open for item ${itemId}`);
    return session;
  }

  private shellEnvironment(): Promise<ShellEnvironment> {
    if (!this.environment) {
      const probe = this.options.probeEnvironment ?? (() => probeShellEnvironment({ sandbox: true, hidePaths: this.options.hidePaths ?? [] }));
      this.environment = probe();
      // A failed probe (e.g. an unreadable /etc) is retried on the next call, not cached forever.
      this.environment.catch(() => {
        this.environment = null;
      });
    }
    return this.environment;
  }

  private async startSession(itemId: string, options: TerminalOpenOptions): Promise<TerminalSession> {
    const environment = await this.shellEnvironment();
    const create = this.options.createSession ?? createPtySession;
    const emit = this.options.onEvent;
    return create({
      ...options,
      id: itemId,
      environment,
      ...(this.options.hidePaths ? { hidePaths: this.options.hidePaths } : {}),
      onData: (data) => emit({ type: 'output', sessionId: itemId, data }),
      onExit: (exitCode, signal) => emit({ type: 'exit', sessionId: itemId, exitCode, signal }),
      onError: (error) => emit({ type: 'error', sessionId: itemId, error: error.toData() }),
      ...(this.options.onRecording ? { onRecording: (session: number, bytes: Buffer) => this.options.onRecording?.(itemId, session, bytes) } : {}),
    });
  }
}
