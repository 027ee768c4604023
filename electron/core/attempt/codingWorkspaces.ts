import { join } from 'node:path';
import type { Item } from '../../../shared/exam/examSchema.js';
import type { TerminalEvent, TerminalSessionInfo } from '../../../shared/terminal.js';
import type { EventBus } from '../api/eventBus.js';
import type { ExamPackage } from '../package/types.js';
import { TerminalManager } from '../terminal/terminalManager.js';
import { prepareWorkspace } from '../workspace/prepareWorkspace.js';
import { WorkspaceFiles } from '../workspace/workspaceFiles.js';
import type { Clock } from './clock.js';
import { RecordingJournal, type RecordingChunk } from './recordingJournal.js';

export type CodingItem = Extract<Item, { type: 'coding' }>;

export interface CodingWorkspacesDeps {
  pkg: ExamPackage;
  dataDir: string;
  bus: EventBus;
  clock: Clock;
  /** A bounded chunk of a shell's recording, to journal as a `terminal` entry. */
  journalRecording: (chunk: RecordingChunk) => void;
  /** A file of the item's workspace changed, from the editor or the shell. */
  onWorkspaceChanged: (itemId: string) => void;
}

/**
 * The coding items' workspaces and their sandboxed shells: the folders copied from the starters,
 * the editor's file access, the watchers that tell the renderer about changes, and the recordings.
 * Attempt state checks stay with the caller; this holds no attempt state of its own.
 */
export class CodingWorkspaces {
  readonly terminals: TerminalManager;
  private readonly files: WorkspaceFiles;

  constructor(private readonly deps: CodingWorkspacesDeps) {
    this.files = new WorkspaceFiles({
      onChange: (itemId, paths) => {
        deps.bus.emit('workspaceChanged', { itemId, paths });
        deps.onWorkspaceChanged(itemId);
      },
    });
    const recordings = new RecordingJournal(deps.clock, deps.journalRecording);
    this.terminals = new TerminalManager({
      onEvent: (event) => this.onTerminalEvent(event),
      onRecording: (itemId, session, bytes) => recordings.offer(itemId, session, bytes),
      // The package may sit under a folder the sandbox binds read-only (/usr, /opt): hide it.
      hidePaths: [deps.pkg.dir, deps.dataDir],
    });
  }

  /** The coding item's workspace folder, copied from the starter on first use. */
  async open(attemptDir: string, item: CodingItem): Promise<string> {
    const workspace = await prepareWorkspace({ packageDir: this.deps.pkg.dir, task: item.task, attemptDir, itemId: item.id });
    // Watch each workspace once so editors refresh when the shell changes files.
    this.files.watch(item.id, workspace.dir);
    return workspace.dir;
  }

  /** Opens (or reattaches to) the sandboxed shell of a coding item in its workspace. */
  async openTerminal(attemptDir: string, item: CodingItem, size: { cols: number; rows: number }): Promise<TerminalSessionInfo> {
    const workspaceDir = await this.open(attemptDir, item);
    const session = await this.terminals.open(item.id, {
      cwd: workspaceDir,
      cols: size.cols,
      rows: size.rows,
      ...(item.shell ? { shell: item.shell } : {}),
      sandbox: { enabled: true, network: this.deps.pkg.exam.policy.terminalNetwork },
      recordDir: join(attemptDir, 'terminal'),
    });
    return session.info();
  }

  list(workspaceDir: string) {
    return this.files.list(workspaceDir);
  }

  read(workspaceDir: string, path: string) {
    return this.files.read(workspaceDir, path);
  }

  write(workspaceDir: string, path: string, content: string) {
    return this.files.write(workspaceDir, path, content);
  }

  /** Ends every shell and stops watching the workspaces (every shell ends at submit and at quit, DESIGN 7). */
  async stop(): Promise<void> {
    await this.terminals.killAll();
    this.files.unwatchAll();
  }

  private onTerminalEvent(event: TerminalEvent): void {
    const { bus } = this.deps;
    if (event.type === 'output') bus.emit('terminalOutput', { sessionId: event.sessionId, data: event.data, ...(event.replay ? { replay: true as const } : {}) });
    else if (event.type === 'exit') bus.emit('terminalExit', { sessionId: event.sessionId, exitCode: event.exitCode, signal: event.signal });
    else bus.emit('terminalError', { sessionId: event.sessionId, error: event.error });
  }
}
