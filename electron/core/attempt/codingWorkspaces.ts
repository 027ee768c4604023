import { join } from 'node:path';
import { VigilError } from '../../../shared/errors.js';
import { pickByLanguage } from '../../../shared/exam/byLanguage.js';
import type { Item } from '../../../shared/exam/examSchema.js';
import type { EditData } from '../../../shared/journal.js';
import { resolveGradingSandbox, type GradingSandbox } from '../grading/coding/gradingSandbox.js';
import { runVisibleTests } from '../workspace/visibleTests.js';
import { EditJournal } from './editJournal.js';
import type { TerminalEvent, TerminalSessionInfo } from '../../../shared/terminal.js';
import type { EventBus } from '../api/eventBus.js';
import type { ExamPackage } from '../package/types.js';
import { TerminalManager } from '../terminal/terminalManager.js';
import { DiskGuard, type DiskBreach, type DiskGuardOptions } from '../terminal/diskGuard.js';
import { formatBytes } from '../workspace/archiveWorkspace.js';
import { violation, type LockdownViolation } from '../lockdown/violation.js';
import { prepareWorkspace, removeEmptyWorkspace, removeWorkspace } from '../workspace/prepareWorkspace.js';
import { WorkspaceFiles } from '../workspace/workspaceFiles.js';
import type { Clock } from './clock.js';
import { RecordingJournal, type RecordingChunk } from './recordingJournal.js';

export type CodingItem = Extract<Item, { type: 'coding' }>;

/** The item's test command for a language (`testCommand` may be one per language). */
export function testCommandFor(item: CodingItem, language?: string): string | null {
  return pickByLanguage(item.testCommand, language);
}

export interface CodingWorkspacesDeps {
  pkg: ExamPackage;
  dataDir: string;
  bus: EventBus;
  clock: Clock;
  /** A bounded chunk of a shell's recording, to journal as a `terminal` entry. */
  journalRecording: (chunk: RecordingChunk) => void;
  /** A file of the item's workspace changed, from the editor or the shell. */
  onWorkspaceChanged: (itemId: string) => void;
  /** The disk guard ended shells (journaled as a violation by the attempt). */
  onDiskBreach: (breach: DiskBreach) => Promise<void>;
  /** The workspace quota and the journal disk's floor (DiskGuard's defaults), or false for none. */
  diskGuard?: Pick<DiskGuardOptions, 'floorBytes' | 'quotaBytes' | 'maxEntries' | 'diskPollMs' | 'workspacePollMs'> | false;
  log: (message: string) => void;
}

/** The violation the attempt journals for a breach: a warning (it may be an honest build gone large). */
export function diskBreachViolation(breach: DiskBreach): LockdownViolation {
  const { kind, ...numbers } = breach;
  return violation('disk-quota', 'warning', kind === 'disk-floor' ? `the disk had ${formatBytes(breach.freeBytes)} free: every shell was ended` : `the workspace of ${breach.itemId} took ${formatBytes(breach.bytes)} (${breach.entries} entries): its shell was ended`, { reason: kind, ...numbers });
}

/** What the candidate reads in the terminal when the guard ended their shell. */
export function diskBreachMessage(breach: DiskBreach): string {
  if (breach.kind === 'disk-floor') {
    return `The disk is almost full (${formatBytes(breach.freeBytes)} free): your shell was stopped so your answers can still be saved. Start a new shell and delete large files you made.`;
  }
  const what = breach.entries > breach.maxEntries ? `more than ${breach.maxEntries.toLocaleString('en')} files` : formatBytes(breach.bytes);
  return `This question's workspace went over its quota (${what}; the limit is ${formatBytes(breach.quotaBytes)}): your shell was stopped. Start a new shell and delete large files you made.`;
}

/**
 * The coding items' workspaces and their sandboxed shells: the folders copied from the starters,
 * the editor's file access, the watchers that tell the renderer about changes, and the recordings.
 * Attempt state checks stay with the caller; this holds no attempt state of its own.
 */
export class CodingWorkspaces {
  readonly terminals: TerminalManager;
  private readonly files: WorkspaceFiles;
  private readonly edits = new EditJournal();
  private readonly testRuns = new Set<string>();
  private sandbox: Promise<GradingSandbox> | null = null;
  /** Workspace folder per item whose shell was opened. */
  private readonly shellDirs = new Map<string, string>();
  private guard: DiskGuard | null = null;

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

  /**
   * The coding item's workspace folder, copied from the starter on first use: the picked
   * language's starter for a multi-language item (the caller makes sure there is a pick).
   */
  async open(attemptDir: string, item: CodingItem, language?: string): Promise<string> {
    const workspace = await prepareWorkspace({ packageDir: this.deps.pkg.dir, task: item.task, attemptDir, itemId: item.id, ...(language ? { language } : {}) });
    // Watch each workspace once so editors refresh when the shell changes files.
    this.files.watch(item.id, workspace.dir);
    return workspace.dir;
  }

  /** Opens (or reattaches to) the sandboxed shell of a coding item in its workspace. */
  async openTerminal(attemptDir: string, item: CodingItem, size: { cols: number; rows: number }, language?: string): Promise<TerminalSessionInfo> {
    const workspaceDir = await this.open(attemptDir, item, language);
    const session = await this.terminals.open(item.id, {
      cwd: workspaceDir,
      cols: size.cols,
      rows: size.rows,
      ...(item.shell ? { shell: item.shell } : {}),
      sandbox: { enabled: true, network: this.deps.pkg.exam.policy.terminalNetwork },
      recordDir: join(attemptDir, 'terminal'),
    });
    this.shellDirs.set(item.id, workspaceDir);
    this.startGuard();
    return session.info();
  }

  private startGuard(): void {
    if (this.guard || this.deps.diskGuard === false) return;
    this.guard = new DiskGuard({
      ...this.deps.diskGuard,
      // Every attempt's journal lives under the data folder: its disk is the one to keep free.
      journalDir: this.deps.dataDir,
      workspaces: () => this.terminals.runningItems().flatMap((itemId) => {
        const dir = this.shellDirs.get(itemId);
        return dir ? [{ itemId, dir }] : [];
      }),
      onBreach: (breach) => this.onDiskBreach(breach),
      log: this.deps.log,
    });
    this.guard.start();
  }

  /** Ends the shells the breach concerns, tells the candidate in each, then the attempt journals it. */
  private async onDiskBreach(breach: DiskBreach): Promise<void> {
    const items = breach.kind === 'disk-floor' ? this.terminals.runningItems() : [breach.itemId];
    const text = diskBreachMessage(breach);
    for (const itemId of items) {
      await this.terminals.endShell(itemId);
      this.deps.bus.emit('terminalError', { sessionId: itemId, error: new VigilError('storage', text, { reason: breach.kind }).toData() });
    }
    await this.deps.onDiskBreach(breach);
  }

  /** The guard's checks now (tests; a caller that just wrote a lot). */
  checkDisk(): Promise<void> {
    return this.guard?.checkNow() ?? Promise.resolve();
  }

  /**
   * Discards an item's workspace for a language switch: its shell ends first (nothing it runs may
   * keep writing into the old files) and its watcher stops, then the folder is removed.
   */
  async discard(attemptDir: string, itemId: string): Promise<void> {
    await this.terminals.close(itemId);
    this.files.unwatch(itemId);
    await removeWorkspace(attemptDir, itemId);
  }

  /** Drops an empty workspace left from before language picks, so the first pick seeds its starter. */
  async discardEmpty(attemptDir: string, itemId: string): Promise<void> {
    if (await removeEmptyWorkspace(attemptDir, itemId)) this.files.unwatch(itemId);
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

  /**
   * An editor save: the file as it is now is read first, both to refuse overwriting a change the
   * shell made since the editor's copy (`ifMtimeMs` differs: 'conflict', with the disk's mtime) and
   * to journal the save as the span it changed.
   */
  async save(workspaceDir: string, itemId: string, path: string, content: string, ifMtimeMs?: number): Promise<{ written: { mtimeMs: number }; edit: EditData | null }> {
    let before = '';
    try {
      const current = await this.files.read(workspaceDir, path);
      before = current.content;
      if (ifMtimeMs !== undefined && current.mtimeMs !== ifMtimeMs && current.content !== content) {
        throw new VigilError('conflict', `${path} changed on disk since the editor read it`, { mtimeMs: current.mtimeMs });
      }
    } catch (error) {
      // A missing file is (re)created; a binary or huge one is replaced: nothing to diff against.
      if (!(error instanceof VigilError) || error.code === 'conflict' || (error.code !== 'not-found' && error.code !== 'invalid-params')) throw error;
    }
    const written = await this.files.write(workspaceDir, path, content);
    return { written, edit: this.edits.entryFor(itemId, path, before, content) };
  }

  /** Runs the item's visible tests (its `testCommand`, per language where it has one per language). */
  async runTests(workspaceDir: string, item: CodingItem, language?: string) {
    const command = testCommandFor(item, language);
    if (!command) throw new VigilError('invalid-params', `params.itemId: ${item.id} has no visible tests (no testCommand${language ? ` for ${language}` : ''})`);
    if (this.testRuns.has(item.id)) throw new VigilError('invalid-state', 'the tests of this question are already running');
    this.testRuns.add(item.id);
    try {
      this.sandbox ??= resolveGradingSandbox('auto', { hidePaths: [this.deps.pkg.dir, this.deps.dataDir] });
      return await runVisibleTests(workspaceDir, command, await this.sandbox);
    } finally {
      this.testRuns.delete(item.id);
    }
  }

  /** Ends every shell and stops watching the workspaces (every shell ends at submit and at quit, DESIGN 7). */
  async stop(): Promise<void> {
    this.guard?.stop();
    this.guard = null;
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
