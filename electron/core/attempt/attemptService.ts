import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttemptView, PreflightCheck, ResultView, SqlRunResult, TimerView } from '../../../shared/attemptView.js';
import type { JournalEntry } from '../../../shared/journal.js';
import type { TerminalEvent, TerminalSessionInfo } from '../../../shared/terminal.js';
import type { ParsedParams } from '../../../shared/contract.js';
import { VigilError } from '../../../shared/errors.js';
import { allItems, type Item } from '../../../shared/exam/examSchema.js';
import { answerValueSchemas } from '../../../shared/grading/answerSchema.js';
import { gradedResultSchema, type GradedResult } from '../../../shared/grading/resultSchema.js';
import { checkSubmit, transition, type AttemptState, type SubmitReason } from '../../../shared/lifecycle.js';
import { RESULT_FORMAT, type UnsignedResult } from '../../../shared/result.js';
import type { EventBus } from '../api/eventBus.js';
import type { Device } from '../device/deviceKeys.js';
import type { CodingGrader } from '../grading/gradeAttempt.js';
import { gradeAttempt } from '../grading/gradeAttempt.js';
import { checkDeliverable } from '../package/deliverable.js';
import type { ExamPackage } from '../package/types.js';
import { runPreflightChecks, type PreflightInput } from '../preflight/preflightChecks.js';
import { evaluatePreflightOverride } from '../preflight/preflightOverride.js';
import type { HubCommand } from '../../../shared/hub/commands.js';
import type { LockdownViolation } from '../lockdown/violation.js';
import { signResult, writeSealedResult } from '../result/sealResult.js';
import { SQL_DISPLAY_MAX_ROWS, type SqlRunner } from '../sql/sqlRunner.js';
import { attemptDir, openAttemptStore, type AttemptStore } from '../store/attemptStore.js';
import { TerminalManager } from '../terminal/terminalManager.js';
import { RecordingJournal } from './recordingJournal.js';
import { archiveWorkspace, toResultWorkspace } from '../workspace/archiveWorkspace.js';
import { prepareWorkspace, workspaceDirFor } from '../workspace/prepareWorkspace.js';
import { WorkspaceFiles } from '../workspace/workspaceFiles.js';
import { writeFileDurable } from '../store/fsyncWrite.js';
import { createSystemClock, type Clock } from './clock.js';
import { findAttempts, readAttemptMeta, writeAttemptMeta, type AttemptMeta } from './attemptMeta.js';
import { readHubLink, writeHubLink, type HubLink } from './hubLink.js';
import { createSyncClient, enroll, type SyncClient, type SyncStatus } from '../sync/index.js';
import type { Policy } from '../../../shared/exam/policy.js';
import { hostname, platform as osPlatform, release } from 'node:os';
import { ExamTimer, runTimer, type IntervalScheduler, type TimerEvent } from './timer.js';

const GRADED_FILE = 'graded.json';
const LIVE_STATES: ReadonlySet<AttemptState> = new Set(['in-progress', 'paused', 'locked']);
const FINISHED_STATES: ReadonlySet<AttemptState> = new Set(['sealed', 'synced']);

export interface AttemptServiceDeps {
  pkg: ExamPackage;
  dataDir: string;
  bus: EventBus;
  /** The device identity (created on first use): signs sealed results. */
  device: () => Promise<Device>;
  /** The SQL runner, started on first use. */
  sql: () => Promise<SqlRunner>;
  /** Grades coding items in practice mode (hidden tests in a sandboxed copy of the workspace). */
  coding?: () => CodingGrader;
  clock?: Clock;
  scheduler?: IntervalScheduler;
  log?: (line: string) => void;
  /** Extra inputs of the pre-flight (connected displays from Electron's screen). */
  preflightInput?: () => Omit<PreflightInput, 'exam' | 'dataDir'>;
  /** A proctor's allow-quit: the desktop app lets the candidate quit. */
  onAllowQuit?: () => void;
  /** The proctor's hub: proctored exams enroll there at check-in and sync to it. */
  hub?: { url: string; fingerprint?: string };
  appVersion?: string;
}

type CheckInParams = ParsedParams<'checkIn'>;

/**
 * One candidate's attempt at the loaded exam on this machine: check-in, pre-flight, start, answers,
 * flags, the timer, submit, sealing and (in practice mode) local grading. The journal-backed store
 * is the truth; every change is pushed to the renderer as `attemptChanged`.
 */
export class AttemptService {
  private store: AttemptStore | null = null;
  private meta: AttemptMeta | null = null;
  private timer: ExamTimer | null = null;
  private timerRun: { stop(): void; tickNow(): void } | null = null;
  private graded: GradedResult | null = null;
  private lockMessage: string | null = null;
  private sync: SyncClient | null = null;
  private syncStatus: SyncStatus | null = null;
  private hubLink: HubLink | null = null;
  /** Operations run one at a time: a submit never interleaves with a save or a state change. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: Clock;
  private readonly items: Map<string, Item>;
  private readonly datasets = new Map<string, string>();
  /** Pre-flight checks a proctor waived (override-preflight commands). */
  private preflightOverrides: string[] = [];
  private readonly terminalManager: TerminalManager;
  private readonly workspaceFiles = new WorkspaceFiles({
    onChange: (itemId, paths) => {
      this.deps.bus.emit('workspaceChanged', { itemId, paths });
      this.markWorkspaceChanged(itemId).catch((error: unknown) => this.log(`workspace ${itemId}: ${String(error)}`));
    },
  });

  private constructor(private readonly deps: AttemptServiceDeps) {
    this.clock = deps.clock ?? createSystemClock();
    this.items = new Map(allItems(deps.pkg.exam).map(({ item }) => [item.id, item]));
    const recordings = new RecordingJournal(this.clock, (chunk) => {
      void this.serial(async () => {
        const state = this.store?.view().state;
        if (!this.store || !state || FINISHED_STATES.has(state)) return;
        await this.store.appendEntry('terminal', { ...chunk });
        this.sync?.notifyJournal();
      }).catch((error: unknown) => this.log(`terminal recording not journaled: ${String(error)}`));
    });
    this.terminalManager = new TerminalManager({
      onEvent: (event) => this.onTerminalEvent(event),
      onRecording: (itemId, session, cast) => recordings.offer(itemId, session, cast),
      // The package may sit under a folder the sandbox binds read-only (/usr, /opt): hide it.
      hidePaths: [deps.pkg.dir, deps.dataDir],
    });
  }

  /** Opens the service, resuming this exam's newest attempt on this machine if there is one. */
  static async open(deps: AttemptServiceDeps): Promise<AttemptService> {
    const service = new AttemptService(deps);
    await service.resumeLatest();
    return service;
  }

  private get exam() {
    return this.deps.pkg.exam;
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async resumeLatest(): Promise<void> {
    const [latest] = await findAttempts(this.deps.dataDir, this.exam.id, this.exam.version);
    if (!latest) return;
    this.store = await openAttemptStore({ dir: latest.dir, attemptId: latest.meta.attemptId, onViewWriteError: (e) => this.log(e.message) });
    this.meta = latest.meta;
    this.hubLink = await readHubLink(latest.dir);
    const state = this.store.view().state;
    if (this.hubLink && state !== 'synced') await this.startSync(this.hubLink);
    if (state === 'submitted') {
      // The app stopped between submit and seal: finish what was started.
      await this.seal();
      return;
    }
    if (FINISHED_STATES.has(state)) {
      this.graded = await this.readGraded();
      return;
    }
    if (LIVE_STATES.has(state)) {
      const checkpoint = this.store.view().timer;
      this.timer = checkpoint ? ExamTimer.restore(checkpoint.data, this.clock, { state }) : this.newTimer();
      await this.store.appendEntry('timer', this.timer.checkpoint());
      this.startTimerLoop();
      if (this.timer.isExpired()) await this.submitNow('time-up');
    }
  }

  // ---- requests -------------------------------------------------------------------------------

  getAttempt(): AttemptView | null {
    return this.store && this.meta ? this.view() : null;
  }

  checkIn(params: CheckInParams): Promise<AttemptView> {
    return this.serial(async () => {
      if (this.store && !FINISHED_STATES.has(this.store.view().state)) {
        throw new VigilError('invalid-state', `already checked in as ${this.meta?.candidate.name ?? 'another candidate'}; this attempt is ${this.store.view().state}`);
      }
      const refusal = checkDeliverable(this.deps.pkg);
      if (refusal) throw refusal;
      await this.closeStore();
      let attemptId: string = randomUUID();
      let link: HubLink | null = null;
      if (this.exam.mode === 'proctored') {
        if (!this.deps.hub) {
          throw new VigilError('unavailable', 'This exam is proctored: checking in needs the proctor’s hub, and none is configured on this computer.');
        }
        if (!params.accessCode) throw new VigilError('invalid-params', 'params.accessCode: enter the access code your proctor gave you');
        const device = await this.deps.device();
        // The hub checks the access code; a wrong one comes back as 'forbidden' with its message.
        const reply = await enroll(
          this.deps.hub.url,
          {
            accessCode: params.accessCode,
            candidateId: params.candidateId,
            candidateName: params.candidateName,
            devicePublicKey: device.publicKeyPem,
            deviceInfo: { os: osPlatform(), osVersion: release(), hostname: hostname().slice(0, 256), deviceId: device.id, ...(this.deps.appVersion ? { appVersion: this.deps.appVersion } : {}) },
          },
          { privateKey: device.privateKey, ...(this.deps.hub.fingerprint ? { fingerprint: this.deps.hub.fingerprint } : {}) },
        );
        if (reply.examId !== this.exam.id || reply.examVersion !== this.exam.version) {
          throw new VigilError('conflict', `The hub runs ${reply.examId} ${reply.examVersion}, but this computer has ${this.exam.id} ${this.exam.version}. Ask your proctor.`);
        }
        attemptId = reply.attemptId;
        link = { format: 'vigil-hub-link/1', hubUrl: this.deps.hub.url, token: reply.token, policy: reply.policy, ...(this.deps.hub.fingerprint ? { fingerprint: this.deps.hub.fingerprint } : {}) };
      }
      const dir = attemptDir(this.deps.dataDir, attemptId);
      if (link && existsSync(join(dir, 'meta.json'))) {
        // The hub gave back an attempt this machine already holds (re-enrollment after a crash): continue it.
        await writeHubLink(dir, link);
        this.meta = await readAttemptMeta(dir);
        this.store = await openAttemptStore({ dir, attemptId, onViewWriteError: (e) => this.log(e.message) });
        this.hubLink = link;
        await this.startSync(link);
        return this.changed();
      }
      const meta: AttemptMeta = {
        format: 'vigil-attempt-meta/1',
        attemptId,
        examId: this.exam.id,
        examVersion: this.exam.version,
        mode: this.exam.mode,
        candidate: { id: params.candidateId, name: params.candidateName },
        accommodation: params.accommodation ?? 1,
        createdAt: new Date(this.clock.wallNow()).toISOString(),
      };
      await mkdir(dir, { recursive: true });
      await writeAttemptMeta(dir, meta);
      if (link) await writeHubLink(dir, link);
      this.store = await openAttemptStore({ dir, attemptId, onViewWriteError: (e) => this.log(e.message) });
      this.meta = meta;
      this.graded = null;
      this.timer = null;
      this.hubLink = link;
      if (link) await this.startSync(link);
      await this.transitionTo('preflight', 'check-in', { candidate: meta.candidate, examId: meta.examId, examVersion: meta.examVersion, accommodation: meta.accommodation });
      return this.changed();
    });
  }

  async getPreflight(): Promise<{ checks: PreflightCheck[] }> {
    const policy: Policy | undefined = this.hubLink?.policy;
    return { checks: await runPreflightChecks({ ...(this.deps.preflightInput?.() ?? {}), exam: this.exam, dataDir: this.deps.dataDir, ...(policy ? { policy } : {}) }) };
  }

  completePreflight(params: ParsedParams<'completePreflight'>): Promise<AttemptView> {
    return this.serial(async () => {
      this.requireState('preflight');
      const { checks } = await this.getPreflight();
      const failed = checks.filter((c) => c.status === 'fail');
      const verdict = evaluatePreflightOverride(checks, this.preflightOverrides);
      if (!verdict.ok && verdict.blocking.length > 0) {
        throw new VigilError('invalid-state', `This computer cannot run the exam: ${verdict.blocking.map((c) => c.title).join(', ')}.`, { checks: verdict.blocking });
      }
      let reason = failed.length > 0 ? 'preflight-overridden' : 'preflight-passed';
      if (!verdict.ok) {
        if (this.exam.mode === 'proctored') {
          // The proctor sees which checks blocked the candidate (the dashboard pre-ticks them).
          await this.requireStore().appendEntry('violation', {
            kind: 'preflight-failed',
            severity: 'warning',
            detail: `Pre-flight needs a proctor's override: ${verdict.needsOverride.map((c) => c.title).join(', ')}.`,
            checks: verdict.needsOverride.map((c) => ({ id: c.id, status: c.status })),
          });
          this.sync?.notifyJournal();
          // Overrides come from the proctor through the hub (override-preflight); a typed code alone proves nothing.
          throw new VigilError('forbidden', `A proctor must approve: ${verdict.needsOverride.map((c) => c.title).join(', ')}. Ask your proctor to override from the dashboard.${params.overrideCode ? ' The code you entered was not accepted.' : ''}`, {
            checks: verdict.needsOverride,
          });
        }
        // Practice mode has nothing at stake: soft failures are shown and the candidate goes on.
        reason = 'preflight-continued-in-practice';
      }
      const soft = failed;
      await this.transitionTo('ready', reason, { failed: soft.map((c) => c.id) });
      return this.changed();
    });
  }

  startAttempt(): Promise<AttemptView> {
    return this.serial(async () => {
      this.requireState('ready');
      await this.transitionTo('in-progress', 'start');
      this.timer = this.newTimer();
      await this.requireStore().appendEntry('timer', this.timer.checkpoint());
      this.startTimerLoop();
      return this.changed();
    });
  }

  saveAnswer(params: ParsedParams<'saveAnswer'>): Promise<{ seq: number; savedAt: string }> {
    return this.serial(async () => {
      this.requireState('in-progress');
      const item = this.requireItem(params.itemId);
      if (item.type === 'coding') throw new VigilError('invalid-params', `params.itemId: ${item.id} is a coding item: it is answered by its workspace, not a saved value`);
      if (params.value !== null) this.checkAnswerShape(item, params.value);
      const saved = await this.requireStore().saveAnswer(item.id, params.value);
      this.emitChanged();
      return saved;
    });
  }

  setFlag(params: ParsedParams<'setFlag'>): Promise<{ seq: number }> {
    return this.serial(async () => {
      this.requireState('in-progress');
      this.requireItem(params.itemId);
      const saved = await this.requireStore().setFlag(params.itemId, params.flagged);
      this.emitChanged();
      return { seq: saved.seq };
    });
  }

  submitAttempt(): Promise<AttemptView> {
    return this.serial(async () => {
      await this.submitNow('candidate');
      return this.view();
    });
  }

  getResult(): ResultView {
    const store = this.requireStore();
    const doc = store.view();
    if (!FINISHED_STATES.has(doc.state)) throw new VigilError('invalid-state', `there is no result yet: the attempt is ${doc.state}`);
    // The result closes the journal at the submit entry (seq counts from 1, so seq is the count).
    const submitted = this.submittedEntry();
    return {
      attemptId: store.attemptId,
      submittedAt: submitted?.at ?? doc.updatedAt ?? new Date(this.clock.wallNow()).toISOString(),
      submitReason: this.submitReason() ?? 'candidate',
      journal: { count: submitted?.seq ?? doc.lastSeq, headHash: submitted?.hash ?? doc.headHash },
      graded: this.graded,
      sync: this.syncView(),
    };
  }

  async runSql(params: ParsedParams<'runSql'>): Promise<SqlRunResult> {
    const item = this.requireItem(params.itemId);
    if (item.type !== 'sql') throw new VigilError('invalid-params', `params.itemId: ${item.id} is not an SQL item`);
    const dataset = await this.dataset(item.dataset);
    const runner = await this.deps.sql();
    const outcome = await runner.run(dataset, params.query, { maxRows: SQL_DISPLAY_MAX_ROWS });
    if (outcome.ok) return { ok: true, columns: outcome.columns, rows: outcome.rows, truncated: outcome.truncated };
    return { ok: false, error: outcome.error };
  }

  /**
   * A lockdown violation from the monitors, the window or the page guards. Journaled while an
   * attempt is open; before check-in and after sealing there is no journal to hold it, so it is logged.
   */
  recordViolation(found: LockdownViolation): Promise<void> {
    return this.serial(async () => {
      const state = this.store?.view().state;
      if (!this.store || !state || FINISHED_STATES.has(state)) {
        this.log(`violation outside an attempt: ${found.severity} ${found.kind}: ${found.detail}`);
        return;
      }
      await this.store.appendEntry('violation', { ...found });
      this.emitChanged();
    });
  }

  /**
   * Carries out a proctor's command (or the policy's own lock). Every command is journaled as a
   * `command` entry whose data is the command as received, before it takes effect.
   */
  applyCommand(command: HubCommand): Promise<void> {
    return this.serial(async () => {
      const store = this.requireStore();
      // The hub may deliver a command again after a restart; one already journaled is done.
      if (store.entries().some((e) => e.type === 'command' && (e.data as { id?: string }).id === command.id)) return;
      await store.appendEntry('command', { ...command });
      const state = store.view().state;
      switch (command.type) {
        case 'add-time':
          if (!this.timer) throw new VigilError('invalid-state', 'add-time: the exam has not started');
          this.timer.addTime(command.minutes);
          await store.appendEntry('timer', this.timer.checkpoint());
          this.deps.bus.emit('notice', { level: 'info', text: `Your proctor added ${command.minutes} minute${command.minutes === 1 ? '' : 's'}.` });
          break;
        case 'pause':
          if (state === 'in-progress' || state === 'locked') await this.transitionTo('paused', command.reason || 'proctor-pause');
          break;
        case 'resume':
          if (state === 'paused') await this.transitionTo('in-progress', 'proctor-resume');
          break;
        case 'lock':
          this.lockMessage = command.message || 'Your proctor has locked the exam.';
          if (state === 'in-progress' || state === 'paused') await this.transitionTo('locked', 'proctor-lock');
          break;
        case 'unlock':
          if (state === 'locked') await this.transitionTo(this.stateBeforeLock(), 'proctor-unlock');
          this.lockMessage = null;
          break;
        case 'message':
          this.deps.bus.emit('notice', { level: 'info', text: command.text });
          break;
        case 'force-submit':
          if (LIVE_STATES.has(state)) await this.submitNow('proctor');
          break;
        case 'allow-quit':
          this.deps.onAllowQuit?.();
          break;
        case 'override-preflight':
          this.preflightOverrides = [...new Set([...this.preflightOverrides, ...command.checks])];
          break;
      }
      this.emitChanged();
      if (this.timer) this.deps.bus.emit('timer', this.timerView());
    });
  }

  /** The policy's own lock (focus loss with `focusLoss: lock`): the same as a proctor's, issued by the app. */
  lockByPolicy(reason: string): Promise<void> {
    const state = this.store?.view().state;
    if (state !== 'in-progress') return Promise.resolve();
    return this.applyCommand({ id: `local-${randomUUID()}`, type: 'lock', message: `The exam was locked: ${reason}. Ask your proctor to unlock it.`, issuedBy: 'policy', issuedAt: new Date(this.clock.wallNow()).toISOString() });
  }

  private stateBeforeLock(): AttemptState {
    const entries = this.requireStore().entries();
    for (let i = entries.length - 1; i >= 0; i--) {
      const data = entries[i]?.data as { from?: AttemptState; to?: AttemptState } | undefined;
      if (entries[i]?.type === 'state' && data?.to === 'locked' && data.from && data.from !== 'locked') return data.from;
    }
    return 'in-progress';
  }

  /** Opens (or reattaches to) the sandboxed shell of a coding item in its workspace. */
  terminalOpen(params: { sessionId: string; cols: number; rows: number }): Promise<TerminalSessionInfo> {
    return this.serial(async () => {
      this.requireState('in-progress');
      const item = this.requireItem(params.sessionId);
      if (item.type !== 'coding') throw new VigilError('invalid-params', `params.sessionId: ${item.id} is not a coding item`);
      const store = this.requireStore();
      const workspaceDir = await this.prepareCodingWorkspace(item);
      this.workspaceFiles.watch(item.id, workspaceDir);
      const session = await this.terminalManager.open(item.id, {
        cwd: workspaceDir,
        cols: params.cols,
        rows: params.rows,
        ...(item.shell ? { shell: item.shell } : {}),
        sandbox: { enabled: true, network: this.exam.policy.terminalNetwork },
        recordDir: join(store.dir, 'terminal'),
      });
      return session.info();
    });
  }

  /** The coding item's workspace, copied from the starter on first use. */
  private async prepareCodingWorkspace(item: Extract<Item, { type: 'coding' }>): Promise<string> {
    const store = this.requireStore();
    const workspace = await prepareWorkspace({ packageDir: this.deps.pkg.dir, task: item.task, attemptDir: store.dir, itemId: item.id });
    return workspace.dir;
  }

  /**
   * A coding item is answered by its workspace: the first change to it (from the editor or the
   * shell) is journaled as the item's answer, `{workspace}` relative to the attempt, and the
   * result carries the workspace as an archive at submit. Opening a task alone answers nothing.
   */
  private markWorkspaceChanged(itemId: string): Promise<void> {
    return this.serial(async () => {
      const store = this.store;
      if (!store || store.view().state !== 'in-progress' || store.view().answers[itemId]) return;
      await store.saveAnswer(itemId, { workspace: `workspace/${itemId}` });
      this.emitChanged();
    });
  }

  /** The coding item's workspace folder, created from the starter on first use. */
  private async workspaceOf(itemId: string): Promise<string> {
    this.requireState('in-progress');
    const item = this.requireItem(itemId);
    if (item.type !== 'coding') throw new VigilError('invalid-params', `params.itemId: ${item.id} is not a coding item`);
    const dir = await this.prepareCodingWorkspace(item);
    const workspace = { dir };
    // Watch each workspace once so editors refresh when the shell changes files.
    this.workspaceFiles.watch(item.id, workspace.dir);
    return workspace.dir;
  }

  async workspaceList(itemId: string) {
    return this.workspaceFiles.list(await this.workspaceOf(itemId));
  }

  async workspaceRead(itemId: string, path: string) {
    return this.workspaceFiles.read(await this.workspaceOf(itemId), path);
  }

  async workspaceWrite(itemId: string, path: string, content: string) {
    const written = await this.workspaceFiles.write(await this.workspaceOf(itemId), path, content);
    await this.markWorkspaceChanged(itemId);
    return written;
  }

  /** The shells, for the terminal requests that need no attempt-state check (write, resize, ack, restart). */
  terminals(): TerminalManager {
    return this.terminalManager;
  }

  private onTerminalEvent(event: TerminalEvent): void {
    if (event.type === 'output') this.deps.bus.emit('terminalOutput', { sessionId: event.sessionId, data: event.data, ...(event.replay ? { replay: true as const } : {}) });
    else if (event.type === 'exit') this.deps.bus.emit('terminalExit', { sessionId: event.sessionId, exitCode: event.exitCode, signal: event.signal });
    else this.deps.bus.emit('terminalError', { sessionId: event.sessionId, error: event.error });
  }

  /** Stops the timer loop and releases the store (its lock, its pending view write). */
  async close(): Promise<void> {
    await this.serial(async () => {
      if (this.timer && this.store && LIVE_STATES.has(this.store.view().state)) {
        await this.store.appendEntry('timer', this.timer.checkpoint());
      }
      await this.closeStore();
    });
  }

  // ---- internals ------------------------------------------------------------------------------

  private async closeStore(): Promise<void> {
    this.timerRun?.stop();
    this.timerRun = null;
    // Every shell ends at submit and at quit (DESIGN 7).
    await this.terminalManager.killAll();
    this.workspaceFiles.unwatchAll();
    await this.sync?.close();
    this.sync = null;
    this.syncStatus = null;
    await this.store?.close();
    this.store = null;
  }

  private newTimer(): ExamTimer {
    return ExamTimer.start(this.clock, { timing: this.exam.timing, factor: this.meta?.accommodation ?? 1 });
  }

  private startTimerLoop(): void {
    const timer = this.timer;
    if (!timer) return;
    this.timerRun?.stop();
    this.timerRun = runTimer(timer, this.clock, {
      scheduler: this.deps.scheduler,
      onEvents: (events) => void this.serial(() => this.onTimerEvents(events)).catch((e: unknown) => this.log(`timer: ${String(e)}`)),
      onCheckpoint: (snapshot) =>
        void this.serial(async () => {
          if (!this.store || !LIVE_STATES.has(this.store.view().state)) return;
          await this.store.appendEntry('timer', snapshot);
          this.sync?.notifyJournal();
          this.deps.bus.emit('timer', this.timerView());
        }).catch((e: unknown) => this.log(`timer checkpoint: ${String(e)}`)),
      onError: (e) => this.log(`timer: ${String(e)}`),
    });
  }

  private async onTimerEvents(events: TimerEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'violation') {
        await this.store?.appendEntry('violation', { kind: event.violation.kind, severity: event.violation.severity, detail: `wall clock moved ${event.violation.detail.jumpMs} ms against the monotonic clock`, jumpMs: event.violation.detail.jumpMs });
      } else if (event.type === 'warn') {
        this.deps.bus.emit('timerWarning', { minutesLeft: event.minutes });
      } else if (event.type === 'time-up' && this.store && LIVE_STATES.has(this.store.view().state)) {
        await this.submitNow('time-up');
      }
    }
  }

  private async submitNow(reason: SubmitReason): Promise<void> {
    const store = this.requireStore();
    const from = store.view().state;
    const allowed = checkSubmit(from, reason);
    if (!allowed.ok) throw new VigilError('invalid-state', allowed.error.message, allowed.error.details);
    this.timerRun?.stop();
    this.timerRun = null;
    if (this.timer) {
      this.timer.setState('submitted');
      await store.appendEntry('timer', this.timer.checkpoint());
    }
    await store.appendEntry('state', { from, to: 'submitted', reason });
    await this.terminalManager.killAll();
    await this.seal();
  }

  /** Seals a submitted attempt: signed result.json, local grading in practice mode, then `sealed`. */
  private async seal(): Promise<void> {
    const store = this.requireStore();
    const meta = this.requireMeta();
    const entries = store.entries();
    const submittedIndex = entries.findIndex((e) => e.type === 'state' && (e.data as { to?: string }).to === 'submitted');
    const started = entries.find((e) => e.type === 'state' && (e.data as { to?: string }).to === 'in-progress');
    const head = entries[submittedIndex];
    if (!head || !started) throw new VigilError('internal', 'a submitted attempt must have start and submit entries');
    const answers: Record<string, unknown> = {};
    for (const [itemId, saved] of Object.entries(store.view().answers)) {
      // A coding item's answer is its workspace, which goes into `workspaces` as an archive below.
      if (saved.value !== null && this.items.get(itemId)?.type !== 'coding') answers[itemId] = saved.value;
    }
    // Coding items are answered by their workspaces: archived into the result (the shells are
    // already stopped, so the tree cannot change while it is read).
    const workspaces: UnsignedResult['workspaces'] = {};
    const gradingAnswers: Record<string, unknown> = { ...answers };
    for (const { item } of allItems(this.exam)) {
      if (item.type !== 'coding') continue;
      const dir = workspaceDirFor(store.dir, item.id);
      if (!existsSync(dir)) continue;
      const archived = await archiveWorkspace(dir);
      if (archived.skipped.length > 0) this.log(`workspace ${item.id}: left out ${archived.skipped.map((s) => `${s.path} (${s.reason})`).join(', ')}`);
      workspaces[item.id] = toResultWorkspace(archived);
      gradingAnswers[item.id] = { workspace: dir };
    }
    const unsigned: UnsignedResult = {
      format: RESULT_FORMAT,
      attemptId: store.attemptId,
      examId: meta.examId,
      examVersion: meta.examVersion,
      candidate: meta.candidate,
      device: { id: (await this.deps.device()).id },
      startedAt: started.at,
      submittedAt: head.at,
      submitReason: this.submitReason() ?? 'candidate',
      answers: answers as UnsignedResult['answers'],
      workspaces,
      journal: { count: submittedIndex + 1, headHash: head.hash },
    };
    const device = await this.deps.device();
    const sealed = signResult(unsigned, device.privateKey);
    await writeSealedResult(store.dir, sealed);
    // Durable in the outbox before the attempt says "sealed": the upload resumes after any restart.
    if (this.sync) await this.sync.enqueueResult(sealed);
    if (this.exam.mode === 'practice' && this.deps.pkg.key) {
      this.graded = await gradeAttempt(this.deps.pkg, gradingAnswers, { sql: await this.deps.sql(), ...(this.deps.coding ? { coding: this.deps.coding() } : {}) });
      await writeFileDurable(join(store.dir, GRADED_FILE), `${JSON.stringify(this.graded, null, 2)}\n`);
    }
    await this.transitionTo('sealed', 'sealed');
    this.emitChanged();
  }

  private async readGraded(): Promise<GradedResult | null> {
    const store = this.requireStore();
    try {
      return gradedResultSchema.parse(JSON.parse(await readFile(join(store.dir, GRADED_FILE), 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      this.log(`cannot read the practice grade of ${store.attemptId}: ${(error as Error).message}`);
      return null;
    }
  }

  private async transitionTo(to: AttemptState, reason: string, extra: Record<string, unknown> = {}): Promise<void> {
    const store = this.requireStore();
    const from = store.view().state;
    const step = transition(from, to);
    if (!step.ok) throw new VigilError('invalid-state', step.error.message, step.error.details);
    await store.appendEntry('state', { ...extra, from, to, reason });
    this.timer?.setState(to);
  }

  /**
   * The journal's `submitted` state entry. Looked up only once the attempt is submitted: the view is
   * rebuilt on every save, and copying and scanning the whole journal there would grow with it.
   */
  private submittedEntry(): JournalEntry | null {
    const state = this.store?.view().state;
    if (!this.store || (state !== 'submitted' && !FINISHED_STATES.has(state as AttemptState))) return null;
    return this.store.entries().find((e) => e.type === 'state' && (e.data as { to?: string }).to === 'submitted') ?? null;
  }

  private submitReason(): SubmitReason | null {
    const entry = this.submittedEntry();
    const reason = (entry?.data as { reason?: string } | undefined)?.reason;
    return reason === 'candidate' || reason === 'time-up' || reason === 'proctor' ? reason : null;
  }

  private checkAnswerShape(item: Item, value: unknown): void {
    const parsed = answerValueSchemas[item.type].safeParse(value);
    if (!parsed.success) {
      throw new VigilError('invalid-params', `params.value: not a valid answer for ${item.type} item ${item.id}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    if (item.type === 'single-choice' || item.type === 'multiple-choice') {
      const ids = new Set(item.options.map((o) => o.id));
      const picked = Array.isArray(value) ? (value as string[]) : [value as string];
      const unknown = picked.filter((id) => !ids.has(id));
      if (unknown.length > 0) throw new VigilError('invalid-params', `params.value: ${unknown.join(', ')} is not an option of ${item.id}`);
    }
    if (item.type === 'short-text' && item.maxLength !== undefined && (value as string).length > item.maxLength) {
      throw new VigilError('invalid-params', `params.value: ${item.id} takes at most ${item.maxLength} characters`);
    }
  }

  private async dataset(path: string): Promise<string> {
    let text = this.datasets.get(path);
    if (text === undefined) {
      text = await readFile(join(this.deps.pkg.dir, path), 'utf8');
      this.datasets.set(path, text);
    }
    return text;
  }

  private requireStore(): AttemptStore {
    if (!this.store) throw new VigilError('invalid-state', 'no attempt yet: check in first');
    return this.store;
  }

  private requireMeta(): AttemptMeta {
    if (!this.meta) throw new VigilError('invalid-state', 'no attempt yet: check in first');
    return this.meta;
  }

  private requireState(...states: AttemptState[]): void {
    const state = this.requireStore().view().state;
    if (!states.includes(state)) {
      throw new VigilError('invalid-state', `not possible while the attempt is ${state} (needs ${states.join(' or ')})`, { state });
    }
  }

  private requireItem(itemId: string): Item {
    const item = this.items.get(itemId);
    if (!item) throw new VigilError('not-found', `params.itemId: no item "${itemId}" in this exam`);
    return item;
  }

  private timerView(): TimerView {
    const timing = this.exam.timing;
    if (!this.timer) {
      const durationMs = timing.durationMinutes * 60_000 * (this.meta?.accommodation ?? 1);
      return { clock: timing.clock, durationMs, remainingMs: durationMs, running: false, warnAtMinutes: timing.warnAtMinutes };
    }
    const state = this.store?.view().state;
    const running = state === 'in-progress' || (state === 'locked' && timing.clock === 'deadline');
    return { clock: timing.clock, durationMs: this.timer.durationMs(), remainingMs: this.timer.remainingMs(), running, warnAtMinutes: timing.warnAtMinutes };
  }

  private syncView(): AttemptView['sync'] {
    if (this.exam.mode === 'practice') return { status: 'local-only', receipt: null, detail: null };
    const s = this.syncStatus;
    if (this.store?.view().state === 'synced' || s?.status === 'synced') {
      return { status: 'synced', receipt: s?.status === 'synced' ? s.receipt : this.storedReceipt(), detail: null };
    }
    if (!s || s.status === 'connecting') return { status: 'pending', receipt: null, detail: 'connecting to the hub' };
    if (s.status === 'online') return { status: 'pending', receipt: null, detail: null };
    if (s.status === 'offline') return { status: 'pending', receipt: null, detail: `the hub is not reachable (${s.detail}); retrying` };
    if (s.status === 'uploading') return { status: 'uploading', receipt: null, detail: `${s.sentBytes} of ${s.totalBytes} bytes` };
    return { status: 'failed', receipt: null, detail: s.detail };
  }

  private storedReceipt(): string | null {
    const sync = this.store?.view().sync?.data as { receipt?: string } | undefined;
    return sync?.receipt ?? null;
  }

  /** Connects the attempt to its hub: heartbeats, journal shipping, commands, the result outbox. */
  private async startSync(link: HubLink): Promise<void> {
    await this.sync?.close();
    const store = this.requireStore();
    const client = createSyncClient({
      hubUrl: link.hubUrl,
      ...(link.fingerprint ? { fingerprint: link.fingerprint } : {}),
      attemptId: store.attemptId,
      token: link.token,
      outboxDir: join(store.dir, 'outbox'),
      heartbeat: () => {
        const doc = store.view();
        const saved = Object.values(doc.answers).filter((a) => a.value !== null);
        const latest = saved.reduce<string | null>((max, a) => (max === null || a.savedAt > max ? a.savedAt : max), null);
        return { state: doc.state, answered: saved.length, remainingMs: this.timer?.remainingMs() ?? this.timerView().remainingMs, lastSavedAt: latest, journalSeq: doc.lastSeq };
      },
      journal: { entriesAfter: (seq) => store.entriesAfter(seq) },
      onCommand: (command) => this.applyCommand(command),
      onCommandError: (command, error) => this.log(`command ${command.type} ${command.id} failed: ${String(error)}`),
      onServerTime: (offsetMs) => this.timer?.setServerOffset(offsetMs),
      onStatus: (status) => {
        const was = this.syncStatus?.status;
        this.syncStatus = status;
        if (status.status === 'synced' && was !== 'synced') void this.serial(() => this.markSynced(status.receipt, status.resultSha256)).catch((e: unknown) => this.log(`sync: ${String(e)}`));
        else if (status.status !== was) this.emitChanged();
      },
    });
    this.sync = client;
    await client.start();
  }

  /** The hub's receipt is stored: journal it and finish the lifecycle. */
  private async markSynced(receipt: string, resultSha256: string): Promise<void> {
    const store = this.store;
    if (!store || store.view().state !== 'sealed') return;
    await store.appendEntry('sync', { receipt, resultSha256 });
    await this.transitionTo('synced', 'receipt');
    this.emitChanged();
  }

  private view(): AttemptView {
    const store = this.requireStore();
    const meta = this.requireMeta();
    const doc = store.view();
    const submitted = this.submittedEntry();
    return {
      attemptId: store.attemptId,
      examId: meta.examId,
      state: doc.state,
      stateReason: doc.stateReason,
      candidate: meta.candidate,
      answers: Object.fromEntries(Object.entries(doc.answers).filter(([, a]) => a.value !== null)),
      flags: doc.flags,
      timer: this.timerView(),
      lockMessage: doc.state === 'locked' ? (this.lockMessage ?? this.lastLockMessage()) : null,
      submittedAt: submitted?.at ?? null,
      submitReason: this.submitReason(),
      sync: this.syncView(),
    };
  }

  /** After a restart the lock message comes back from the journal's last lock command. */
  private lastLockMessage(): string | null {
    const entries = this.store?.entries() ?? [];
    for (let i = entries.length - 1; i >= 0; i--) {
      const data = entries[i]?.data as { type?: string; message?: string } | undefined;
      if (entries[i]?.type === 'command' && data?.type === 'lock') return data.message ?? null;
    }
    return null;
  }

  private changed(): AttemptView {
    this.sync?.notifyJournal();
    const view = this.view();
    this.deps.bus.emit('attemptChanged', view);
    return view;
  }

  private emitChanged(): void {
    this.sync?.notifyJournal();
    if (this.store && this.meta) this.deps.bus.emit('attemptChanged', this.view());
  }

  private log(line: string): void {
    (this.deps.log ?? ((l: string) => process.stderr.write(`vigil: ${l}\n`)))(line);
  }
}

