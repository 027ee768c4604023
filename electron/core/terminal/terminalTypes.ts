import type { VigilError } from '../../../shared/errors.js';
import type { SandboxStatus, TerminalEvent, TerminalSessionInfo } from '../../../shared/terminal.js';
import type { FlowState } from './flowControl.js';
import type { Scheduler } from './outputBatcher.js';
import type { HostLayout, SandboxDetection } from './sandbox.js';

/**
 * What the API layer uses, apart from the node-pty implementation (ptySession.ts,
 * terminalManager.ts), as Tabby separates its pty API from the Electron pty.
 */

export interface SandboxOptions {
  /** Run under bubblewrap on Linux; ignored (best effort, unconfined) on other systems. */
  enabled: boolean;
  /** Exam policy `terminalNetwork`: share the host's network with the sandbox. */
  network: boolean;
}

/** Per-item options for opening a shell. */
export interface TerminalOpenOptions {
  /** Host path of the item's workspace (prepareWorkspace's result). */
  cwd: string;
  cols: number;
  rows: number;
  /** exam.json item `shell`; default bash, then sh. */
  shell?: string;
  sandbox: SandboxOptions;
  /** Folder for recordings, normally `<attemptDir>/terminal`; files are `<itemId>-<n>.rec` (recordingFormat.ts). */
  recordDir?: string;
}

/** Everything createPtySession needs: the open options plus identity and callbacks. */
export interface PtySessionOptions extends TerminalOpenOptions {
  /** The coding item's id; names the recording. */
  id: string;
  /** Output bytes as the pty wrote them, batched (<= 5 ms). Acks count these bytes. */
  onData(chunk: Buffer): void;
  /** The shell ended by itself or through kill(); not called for a shell replaced by restart(). */
  onExit(exitCode: number | null, signal: number | null): void;
  /** Failures outside the shell: a recording write, processes that survived a kill. */
  onError(error: VigilError): void;
  /** Each flushed piece of the recording (whole records); `session` is the n of `<id>-<n>.rec`. */
  onRecording?(session: number, bytes: Buffer): void;
  /** Paths the sandbox must hide even inside bound dirs (app resources, packages under /usr). */
  hidePaths?: readonly string[];
  /** Probed once by the manager; createPtySession probes when absent. */
  environment?: ShellEnvironment;
  /** Time between SIGTERM/SIGHUP and SIGKILL when killing the shell's tree. Default 2000 ms. */
  killGraceMs?: number;
  scheduler?: Scheduler;
}

/** What this machine offers for shells; computed once. */
export interface ShellEnvironment {
  detection: SandboxDetection;
  layout: HostLayout;
}

export type SessionState = 'running' | 'exited';

/** One shell of one coding item; survives restarts (each restart is a new generation). */
export interface TerminalSession {
  readonly id: string;
  readonly state: SessionState;
  /** Host pid of the pty's process (bwrap or the shell); null once exited. */
  readonly pid: number | null;
  readonly generation: number;
  /** The recording of the current (or last) generation, when recording. */
  readonly castPath: string | null;
  readonly sandboxed: boolean;
  info(): TerminalSessionInfo;
  flowState(): FlowState;
  /** The current (or last) shell's recent output, for a page that attaches again (OutputTail). */
  replay(): Buffer;
  /** Input as typed; dropped once the shell has exited (as a terminal whose process ended). */
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** The renderer has written `bytes` more bytes of output. */
  ack(bytes: number): void;
  /** Kills the current shell's tree (no exit event for it) and starts a new one. */
  restart(): Promise<TerminalSessionInfo>;
  /** SIGHUP/SIGTERM to the whole tree, SIGKILL after the grace period; resolves once all are gone. */
  kill(): Promise<void>;
}

/** The terminal service the API layer calls; keyed by coding item id. */
export interface TerminalService {
  /** For the pre-flight: can shells be sandboxed here? */
  sandboxStatus(): Promise<SandboxStatus>;
  /** Opens the item's shell, or returns the one already open (resized to cols x rows). */
  open(itemId: string, options: TerminalOpenOptions): Promise<TerminalSession>;
  get(itemId: string): TerminalSession | undefined;
  /** These throw VigilError('not-found') when the item has no shell. */
  write(itemId: string, data: string): void;
  resize(itemId: string, cols: number, rows: number): void;
  ack(itemId: string, bytes: number): void;
  restart(itemId: string): Promise<TerminalSessionInfo>;
  /** Kills the item's shell and forgets it. */
  close(itemId: string): Promise<void>;
  /** Kills every shell (at submit and quit) and forgets them. */
  killAll(): Promise<void>;
}

export type TerminalEventSink = (event: TerminalEvent) => void;
