import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttemptView, PreflightCheck, ResultView, SqlRunResult, TimerView } from '../../../shared/attemptView.js';
import type { JournalEntry } from '../../../shared/journal.js';
import type { TerminalSessionInfo } from '../../../shared/terminal.js';
import type { ParsedParams } from '../../../shared/contract.js';
import { VigilError } from '../../../shared/errors.js';
import { allItems, type Item, type Language } from '../../../shared/exam/examSchema.js';
import type { GradedResult } from '../../../shared/grading/resultSchema.js';
import { checkSubmit, transition, type AttemptState, type SubmitReason } from '../../../shared/lifecycle.js';
import type { EventBus } from '../api/eventBus.js';
import type { Device } from '../device/deviceKeys.js';
import type { CodingGrader } from '../grading/gradeAttempt.js';
import { checkDeliverable } from '../package/deliverable.js';
import type { ExamPackage } from '../package/types.js';
import { installedLanguages, runPreflightChecks, type PreflightInput } from '../preflight/preflightChecks.js';
import type { HubCommand } from '../../../shared/hub/commands.js';
import type { LockdownViolation } from '../lockdown/violation.js';
import { SQL_DISPLAY_MAX_ROWS, type SqlRunner } from '../sql/sqlRunner.js';
import { datasetSchema } from '../sql/datasetSchema.js';
import { attemptDir, openAttemptStore, type AttemptStore } from '../store/attemptStore.js';
import type { TerminalManager } from '../terminal/terminalManager.js';
import { createSystemClock, type Clock } from './clock.js';
import { readAttemptMeta, writeAttemptMeta, type AttemptMeta } from './attemptMeta.js';
import { findAttempts } from './findAttempts.js';
import { readHubLink, writeHubLink, type HubLink } from './hubLink.js';
import type { Policy } from '../../../shared/exam/policy.js';
import { ExamTimer, runTimer, type IntervalScheduler, type TimerEvent } from './timer.js';
import { FINISHED_STATES, LIVE_STATES } from './attemptStates.js';
import { checkAnswerShape } from './answerShape.js';
import { checkInForm } from './attemptForm.js';
import { CodingWorkspaces, diskBreachViolation, type CodingItem, type CodingWorkspacesDeps } from './codingWorkspaces.js';
import { checkOffered, languagePicksOf, pickedLanguageOf } from './languagePicks.js';
import { enrollAtHub, HubSync, type HubConfig } from './hubSync.js';
import { policyLockCommand, ProctorCommands } from './proctorCommands.js';
import { judgePreflight } from './preflightGate.js';
import { newPreflightFindings } from './preflightFindings.js';
import { gradePractice, gradingAnswersOf, readGraded, writeResult } from './sealAttempt.js';
import { GradingJob } from './gradingJob.js';
import { journaledForm } from './attemptForm.js';
import { freezeShellsOnTransition } from './shellFreeze.js';
import { RetryLoop } from './retryLoop.js';
import { restartCredit } from './restartCredit.js';
import { recoveryNotice } from './recoveryNotice.js';
import { holdReserve, releaseReserve } from '../store/diskReserve.js';

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
  hub?: HubConfig;
  appVersion?: string;
  /** Disk space held back for the submit while a shell is open (default DEFAULT_RESERVE_BYTES). */
  reserveBytes?: number;
  /** The workspace quota and the journal disk's floor while shells run (terminal/diskGuard.ts), or false for none. */
  diskGuard?: CodingWorkspacesDeps['diskGuard'];
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
  /** Practice grading after the seal, retried while the grader fails. */
  private grading: GradingJob | null = null;
  private hubLink: HubLink | null = null;
  /**
   * Set the moment a submit (time-up, candidate, proctor) is decided, before anything is written:
   * from then on the attempt counts as submitted for every answer-changing request, even while the
   * journal cannot take the submit entry yet (a full disk). Cleared only with the attempt.
   */
  private submitting: SubmitReason | null = null;
  /** Retries the submit and seal until they succeed. */
  private readonly sealRetry: RetryLoop;
  /** What this open repaired that the candidate should know about (lost or restored entries). */
  private recovery: string[] = [];
  /** Operations run one at a time: a submit never interleaves with a save or a state change. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: Clock;
  private readonly items: Map<string, Item>;
  private readonly datasets = new Map<string, string>();
  private readonly commands: ProctorCommands;
  private readonly hub: HubSync;
  private readonly coding: CodingWorkspaces;
  /** The language picked per multi-language coding item (from the journal; see languagePicks). */
  private languages = new Map<string, Language>();
  /** The offered languages installed on this computer, found when the service opens. */
  private installed: Language[] | null = null;
  /** Items whose language is being switched: their workspace is away, nothing may recreate it meanwhile. */
  private readonly switching = new Set<string>();

  private constructor(private readonly deps: AttemptServiceDeps) {
    this.clock = deps.clock ?? createSystemClock();
    this.items = new Map(allItems(deps.pkg.exam).map(({ item }) => [item.id, item]));
    this.commands = new ProctorCommands({ bus: deps.bus, ...(deps.onAllowQuit ? { onAllowQuit: deps.onAllowQuit } : {}) });
    this.hub = new HubSync({
      log: (line) => this.log(line),
      onCommand: (command) => this.applyCommand(command),
      onServerTime: (offsetMs) => this.timer?.setServerOffset(offsetMs),
      remainingMs: () => this.timer?.remainingMs() ?? this.timerView().remainingMs,
      onSynced: (receipt, resultSha256) => void this.serial(() => this.markSynced(receipt, resultSha256)).catch((e: unknown) => this.log(`sync: ${String(e)}`)),
      onStatusChange: () => this.emitChanged(),
    });
    this.coding = new CodingWorkspaces({
      pkg: deps.pkg,
      dataDir: deps.dataDir,
      bus: deps.bus,
      clock: this.clock,
      journalRecording: (chunk) => {
        void this.serial(async () => {
          const state = this.store?.view().state;
          if (!this.store || !state || FINISHED_STATES.has(state)) return;
          await this.store.appendEntry('terminal', { ...chunk });
          this.hub.notifyJournal();
        }).catch((error: unknown) => this.log(`terminal recording not journaled: ${String(error)}`));
      },
      onWorkspaceChanged: (itemId) => {
        this.markWorkspaceChanged(itemId).catch((error: unknown) => this.log(`workspace ${itemId}: ${String(error)}`));
      },
      // A shell ended for the disk's sake is evidence for the proctor (filling the disk is an attack on time-up).
      onDiskBreach: (breach) => this.recordViolation(diskBreachViolation(breach)),
      ...(deps.diskGuard !== undefined ? { diskGuard: deps.diskGuard } : {}),
      log: (line) => this.log(line),
    });
    this.sealRetry = new RetryLoop(
      () => this.serial(() => this.finishSubmit()),
      (error, n, next) => this.log(`submit not finished yet (try ${n}, again in ${next} ms): ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** Opens the service, resuming this exam's newest attempt on this machine if there is one. */
  static async open(deps: AttemptServiceDeps): Promise<AttemptService> {
    const service = new AttemptService(deps);
    service.installed = await installedLanguages(deps.pkg.exam);
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
    const [latest] = await findAttempts(this.deps.dataDir, this.exam.id, this.exam.version, this.exam.mode);
    if (!latest) return;
    this.store = await openAttemptStore({ dir: latest.dir, attemptId: latest.meta.attemptId, onViewWriteError: (e) => this.log(e.message) });
    this.meta = latest.meta;
    this.languages = languagePicksOf(this.store.entries());
    if (latest.repair) await this.store.appendEntry('repair', latest.repair);
    this.recovery = recoveryNotice(this.store.repairs());
    for (const line of this.recovery) this.log(`recovered ${latest.meta.attemptId}: ${line}`);
    this.hubLink = await readHubLink(latest.dir);
    const state = this.store.view().state;
    if (this.hubLink && state !== 'synced') await this.hub.start(this.requireStore(), this.hubLink);
    if (state === 'submitted') {
      // The app stopped between submit and seal: finish what was started. Nothing in the attempt
      // (a workspace that cannot be archived, a full disk) may stop the app from starting: a seal
      // that fails here is retried in the background.
      await this.finishSubmit().catch((error: unknown) => {
        this.log(`sealing ${latest.meta.attemptId} failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
        this.sealRetry.schedule();
      });
      return;
    }
    if (FINISHED_STATES.has(state)) {
      this.graded = await readGraded(this.store, (line) => this.log(line));
      // Sealed but never graded (the app stopped while grading, or grading kept failing): grade now.
      if (!this.graded) this.startGrading();
      return;
    }
    if (LIVE_STATES.has(state)) {
      const checkpoint = this.store.view().timer;
      const last = this.store.entries().at(-1);
      if (checkpoint && last) {
        // Count up to the journal's last entry (not the last checkpoint), and journal the restart.
        const policy = this.hubLink?.policy ?? this.exam.policy;
        const credit = restartCredit(checkpoint, last, this.clock.wallNow(), policy);
        this.timer = ExamTimer.restore({ ...(checkpoint.data as object), elapsedMs: credit.elapsedMs }, this.clock, { state });
        await this.store.appendEntry('violation', credit.violation);
      } else {
        this.timer = this.newTimer();
      }
      await this.store.appendEntry('timer', this.timer.checkpoint());
      this.startTimerLoop();
      if (this.timer.isExpired()) await this.submitNow('time-up');
    }
  }

  // ---- requests -------------------------------------------------------------------------------

  /**
   * The open attempt's state, or null before check-in (dispatch's state rule reads it). A decided
   * submit counts as submitted before it is journaled, so a full disk cannot reopen the attempt.
   */
  attemptState(): AttemptState | null {
    return this.effectiveState();
  }

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
        ({ attemptId, link } = await enrollAtHub({ hub: this.deps.hub, exam: this.exam, params, device: this.deps.device, ...(this.deps.appVersion ? { appVersion: this.deps.appVersion } : {}) }));
      }
      const dir = attemptDir(this.deps.dataDir, attemptId);
      if (link && existsSync(join(dir, 'meta.json'))) {
        // The hub gave back an attempt this machine already holds (re-enrollment after a crash): continue it.
        await writeHubLink(dir, link);
        this.meta = await readAttemptMeta(dir);
        this.store = await openAttemptStore({ dir, attemptId, onViewWriteError: (e) => this.log(e.message) });
        this.languages = languagePicksOf(this.store.entries());
        this.hubLink = link;
        await this.hub.start(this.requireStore(), link);
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
      if (link) await this.hub.start(this.requireStore(), link);
      await this.transitionTo('preflight', 'check-in', {
        candidate: meta.candidate,
        examId: meta.examId,
        examVersion: meta.examVersion,
        accommodation: meta.accommodation,
        ...checkInForm(this.exam, attemptId),
      });
      return this.changed();
    });
  }

  async getPreflight(): Promise<{ checks: PreflightCheck[] }> {
    const checks = await this.runPreflight();
    // What the candidate is told the proctor will see is journaled as soon as it is shown.
    await this.serial(() => this.journalPreflightFindings(checks));
    return { checks };
  }

  private async runPreflight(): Promise<PreflightCheck[]> {
    const policy: Policy | undefined = this.hubLink?.policy;
    return runPreflightChecks({ ...(this.deps.preflightInput?.() ?? {}), exam: this.exam, dataDir: this.deps.dataDir, ...(policy ? { policy } : {}) });
  }

  /** Each pre-flight warning and failure not journaled yet becomes a violation the hub shows. */
  private async journalPreflightFindings(checks: readonly PreflightCheck[]): Promise<void> {
    const store = this.store;
    if (!store || store.state() !== 'preflight') return;
    const findings = newPreflightFindings(checks, store.entries());
    for (const finding of findings) await store.appendEntry('violation', { ...finding });
    if (findings.length > 0) this.emitChanged();
  }

  completePreflight(params: ParsedParams<'completePreflight'>): Promise<AttemptView> {
    return this.serial(async () => {
      this.requireState('preflight');
      const checks = await this.runPreflight();
      await this.journalPreflightFindings(checks);
      const gate = judgePreflight(checks, this.commands.preflightOverrides(), this.exam.mode, params.overrideCode);
      if (!gate.ok) {
        if (gate.violation) {
          await this.requireStore().appendEntry('violation', gate.violation);
          this.hub.notifyJournal();
        }
        throw gate.error;
      }
      // The pre-flight entry lists every check that did not pass, with its detail.
      const findings = checks.filter((c) => c.status !== 'pass').map((c) => ({ id: c.id, status: c.status, detail: c.detail }));
      await this.transitionTo('ready', gate.reason, { failed: gate.failed, checks: findings });
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
      if (params.value !== null) checkAnswerShape(item, params.value);
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
      sync: this.hub.view(this.exam.mode, doc),
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
      const target = { store: this.requireStore(), timer: this.timer, transitionTo: (to: AttemptState, reason: string) => this.transitionTo(to, reason), forceSubmit: () => this.submitNow('proctor') };
      if (!(await this.commands.apply(command, target))) return;
      this.emitChanged();
      if (this.timer) this.deps.bus.emit('timer', this.timerView());
    });
  }

  /** The policy's own lock (focus loss with `focusLoss: lock`): the same as a proctor's, issued by the app. */
  lockByPolicy(reason: string): Promise<void> {
    const state = this.store?.view().state;
    if (state !== 'in-progress') return Promise.resolve();
    return this.applyCommand(policyLockCommand(reason, this.clock.wallNow()));
  }

  /** Opens (or reattaches to) the sandboxed shell of a coding item in its workspace. */
  terminalOpen(params: { sessionId: string; cols: number; rows: number }): Promise<TerminalSessionInfo> {
    return this.serial(async () => {
      const item = this.requireCodingItem(params.sessionId, 'sessionId');
      const dir = this.requireStore().dir;
      // A shell can fill the disk; hold back room for the submit first (see diskReserve).
      await holdReserve(dir, this.deps.reserveBytes).catch((error: unknown) => this.log(`cannot hold disk space for the submit: ${String(error)}`));
      return this.coding.openTerminal(dir, item, params, this.languageOf(item));
    });
  }

  /**
   * A coding item is answered by its workspace: the first change to it (from the editor or the
   * shell) is journaled as the item's answer, `{workspace}` relative to the attempt, and the
   * result carries the workspace as an archive at submit. Opening a task alone answers nothing.
   */
  private markWorkspaceChanged(itemId: string): Promise<void> {
    return this.serial(async () => {
      const store = this.store;
      if (!store || this.effectiveState() !== 'in-progress' || store.view().answers[itemId]) return;
      await store.saveAnswer(itemId, { workspace: `workspace/${itemId}` });
      this.emitChanged();
    });
  }
  /**
   * The coding item's workspace folder, created from the starter on first use. Writes need the
   * exam in progress; reads work while it is paused or locked too (the page behind the overlay
   * refreshes its file list, and reading changes no answer).
   */
  private async workspaceOf(itemId: string, access: 'read' | 'write'): Promise<string> {
    const item = this.requireCodingItem(itemId, 'itemId', access === 'read' ? [...LIVE_STATES] : ['in-progress']);
    return this.coding.open(this.requireStore().dir, item, this.languageOf(item));
  }

  /**
   * The candidate's language for a multi-language coding item. The first pick is journaled and
   * seeds the workspace from `<task>/<language>/starter`; the same pick again changes nothing; a
   * different one needs `reset` (the candidate confirmed losing the files): the item's shell ends,
   * the workspace is removed, the switch is journaled and the new language's starter copied.
   */
  workspacePickLanguage(params: ParsedParams<'workspacePickLanguage'>): Promise<AttemptView> {
    return this.serial(async () => {
      const item = this.requireCodingItem(params.itemId, 'itemId');
      checkOffered(item, params.language);
      const store = this.requireStore();
      const current = this.languages.get(item.id);
      if (current !== params.language) {
        if (current && !params.reset) {
          throw new VigilError('conflict', `${item.id} is written in ${current}: switching to ${params.language} resets the workspace to the ${params.language} starter and discards the current files (pass reset to confirm)`, { language: current });
        }
        this.switching.add(item.id);
        try {
          // The old files go before the switch is journaled: a crash in between reseeds the old
          // language's starter, never leaves old files under the new language's name.
          if (current) await this.coding.discard(store.dir, item.id);
          else await this.coding.discardEmpty(store.dir, item.id);
          await store.appendEntry('language', { itemId: item.id, language: params.language, ...(current ? { from: current } : {}) });
          this.languages.set(item.id, params.language);
          await this.coding.open(store.dir, item, params.language);
        } finally {
          this.switching.delete(item.id);
        }
      } else {
        // The same pick again: nothing is journaled; a workspace lost meanwhile is seeded again.
        await this.coding.open(store.dir, item, params.language);
      }
      return this.changed();
    });
  }

  async workspaceList(itemId: string) {
    return this.coding.list(await this.workspaceOf(itemId, 'read'));
  }

  async workspaceRead(itemId: string, path: string) {
    return this.coding.read(await this.workspaceOf(itemId, 'read'), path);
  }

  /**
   * An editor save: refused with 'conflict' when `ifMtimeMs` no longer matches the file (the shell
   * changed it), else written durably and journaled as an `edit` entry (the span changed).
   */
  async workspaceWrite(itemId: string, path: string, content: string, ifMtimeMs?: number) {
    const { written, edit } = await this.coding.save(await this.workspaceOf(itemId, 'write'), itemId, path, content, ifMtimeMs);
    if (edit) {
      await this.serial(async () => {
        const state = this.store?.view().state;
        if (!this.store || !state || FINISHED_STATES.has(state)) return;
        await this.store.appendEntry('edit', edit);
        this.hub.notifyJournal();
      });
    }
    await this.markWorkspaceChanged(itemId);
    return written;
  }

  /** Restarts a coding item's shell: a new process, so only while the attempt is in progress. */
  async terminalRestart(sessionId: string): Promise<TerminalSessionInfo> {
    this.languageOf(this.requireCodingItem(sessionId, 'sessionId'));
    return this.coding.terminals.restart(sessionId);
  }

  /** Runs the item's visible tests in its workspace for the results panel. */
  async workspaceRunTests(itemId: string, language?: string) {
    const item = this.requireCodingItem(itemId, 'itemId');
    // A multi-language item's tests run in the journaled pick, never in another language.
    const picked = this.languageOf(item);
    if (picked && language && language !== picked) throw new VigilError('invalid-params', `params.language: ${item.id} is written in ${picked}, not ${language}`);
    return this.coding.runTests(await this.workspaceOf(itemId, 'write'), item, picked ?? language);
  }

  /** The tables and columns of an SQL item's dataset. */
  async sqlSchema(itemId: string) {
    const item = this.requireItem(itemId);
    if (item.type !== 'sql') throw new VigilError('invalid-params', `params.itemId: ${item.id} is not an SQL item`);
    const runner = await this.deps.sql();
    return datasetSchema(runner, await this.dataset(item.dataset));
  }

  /** The shells, for the terminal requests that need no attempt-state check (write, resize, ack). */
  terminals(): TerminalManager {
    return this.coding.terminals;
  }

  /** Stops the timer loop and releases the store (its lock, its pending view write). */
  async close(): Promise<void> {
    this.sealRetry.stop();
    await this.serial(async () => {
      if (this.timer && this.store && LIVE_STATES.has(this.store.view().state)) {
        await this.store.appendEntry('timer', this.timer.checkpoint());
      }
      await this.closeStore();
    });
  }

  // ---- internals ------------------------------------------------------------------------------

  private async closeStore(): Promise<void> {
    this.submitting = null;
    this.timerRun?.stop();
    this.timerRun = null;
    this.grading?.stop();
    this.grading = null;
    // Every shell ends at submit and at quit (DESIGN 7).
    await this.coding.stop();
    await this.hub.close();
    await this.store?.close();
    this.store = null;
    this.languages = new Map();
    this.commands.reset();
    this.hubLink = null;
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
          this.hub.notifyJournal();
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

  /**
   * Submits: decided at once (answer-changing requests are refused from here on, see `submitting`),
   * shells stopped before anything else so nothing they run keeps writing, then the submit entry and
   * the seal. If those fail (a full disk) they are retried until they succeed.
   */
  private async submitNow(reason: SubmitReason): Promise<void> {
    const store = this.requireStore();
    if (this.submitting === null) {
      const allowed = checkSubmit(store.view().state, reason);
      if (!allowed.ok) throw new VigilError('invalid-state', allowed.error.message, allowed.error.details);
      this.submitting = reason;
    }
    this.timerRun?.stop();
    this.timerRun = null;
    this.emitChanged();
    await this.coding.terminals.killAll().catch((error: unknown) => this.log(`stopping the shells at submit: ${String(error)}`));
    try {
      await this.finishSubmit();
    } catch (error) {
      this.sealRetry.schedule();
      throw error;
    }
  }

  /** Journals the submit (if not yet) and seals; safe to repeat until it succeeds. */
  private async finishSubmit(): Promise<void> {
    const store = this.requireStore();
    const from = store.view().state;
    if (FINISHED_STATES.has(from)) return;
    // The shells are stopped: the space held back for this moment goes to the submit and the seal.
    await releaseReserve(store.dir);
    if (from !== 'submitted') {
      if (this.timer) {
        this.timer.setState('submitted');
        await store.appendEntry('timer', this.timer.checkpoint());
      }
      await store.appendEntry('state', { from, to: 'submitted', reason: this.submitting ?? 'candidate' });
    }
    await this.seal();
  }

  /** Seals a submitted attempt: signed result.json, local grading in practice mode, then `sealed`. */
  private async seal(): Promise<void> {
    const store = this.requireStore();
    const log = (line: string) => this.log(line);
    const sealed = await writeResult({ pkg: this.deps.pkg, store, meta: this.requireMeta(), device: this.deps.device, submitReason: this.submitReason() ?? 'candidate', log });
    // Durable in the outbox before the attempt says "sealed": the upload resumes after any restart.
    await this.hub.enqueueResult(sealed);
    await this.transitionTo('sealed', 'sealed');
    this.emitChanged();
    // Grading never holds the seal: it runs as its own job once the attempt is sealed.
    this.startGrading();
  }

  /** Starts practice grading of the sealed attempt (nothing in proctored mode: the hub grades). */
  private startGrading(): void {
    const store = this.store;
    if (!store || this.exam.mode !== 'practice' || !this.deps.pkg.key) return;
    this.grading?.stop();
    const job = new GradingJob({
      // The form sealed into the result is the one journaled at check-in: grade exactly it.
      grade: async () => gradePractice(this.deps.pkg, store.dir, gradingAnswersOf(this.deps.pkg, store), { sql: await this.deps.sql(), ...(this.deps.coding ? { coding: this.deps.coding() } : {}) }, journaledForm(store.entries()) ?? undefined),
      onChange: (_status, graded) => {
        if (this.grading !== job) return;
        if (graded) this.graded = graded;
        this.emitChanged();
      },
      log: (line) => this.log(line),
    });
    this.grading = job;
    void job.start();
  }

  private async transitionTo(to: AttemptState, reason: string, extra: Record<string, unknown> = {}): Promise<void> {
    const store = this.requireStore();
    const from = store.view().state;
    const step = transition(from, to);
    if (!step.ok) throw new VigilError('invalid-state', step.error.message, step.error.details);
    await store.appendEntry('state', { ...extra, from, to, reason });
    this.timer?.setState(to);
    await freezeShellsOnTransition(from, to, this.coding.terminals, store);
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

  /** The journal's state, except that a decided submit counts as submitted before it is journaled. */
  private effectiveState(): AttemptState | null {
    const state = this.store?.view().state ?? null;
    return this.submitting !== null && state !== null && LIVE_STATES.has(state) ? 'submitted' : state;
  }

  private requireState(...states: AttemptState[]): void {
    this.requireStore();
    const state = this.effectiveState() as AttemptState;
    if (!states.includes(state)) {
      throw new VigilError('invalid-state', `not possible while the attempt is ${state} (needs ${states.join(' or ')})`, { state });
    }
  }

  /**
   * The language the item's workspace is in (undefined for a single-language item); refused
   * before the pick, and while a switch has the workspace away (a request racing the switch
   * would otherwise recreate the old language's starter under the new name).
   */
  private languageOf(item: CodingItem): Language | undefined {
    if (this.switching.has(item.id)) throw new VigilError('invalid-state', `the language of ${item.id} is being switched: try again in a moment`);
    return pickedLanguageOf(item, this.languages);
  }

  private requireItem(itemId: string): Item {
    const item = this.items.get(itemId);
    if (!item) throw new VigilError('not-found', `params.itemId: no item "${itemId}" in this exam`);
    return item;
  }

  private requireCodingItem(itemId: string, param: 'itemId' | 'sessionId', states: AttemptState[] = ['in-progress']): CodingItem {
    this.requireState(...states);
    const item = this.requireItem(itemId);
    if (item.type !== 'coding') throw new VigilError('invalid-params', `params.${param}: ${item.id} is not a coding item`);
    return item;
  }

  private timerView(): TimerView {
    const timing = this.exam.timing;
    if (!this.timer) {
      const durationMs = timing.durationMinutes * 60_000 * (this.meta?.accommodation ?? 1);
      return { clock: timing.clock, durationMs, remainingMs: durationMs, running: false, warnAtMinutes: timing.warnAtMinutes };
    }
    const state = this.store?.view().state;
    // A lock never stops the clock (shared/lockClock.ts); a pause does.
    const running = state === 'in-progress' || state === 'locked';
    return { clock: timing.clock, durationMs: this.timer.durationMs(), remainingMs: this.timer.remainingMs(), running, warnAtMinutes: timing.warnAtMinutes };
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
      state: this.effectiveState() ?? doc.state,
      stateReason: this.submitting !== null && LIVE_STATES.has(doc.state) ? this.submitting : doc.stateReason,
      candidate: meta.candidate,
      answers: Object.fromEntries(Object.entries(doc.answers).filter(([, a]) => a.value !== null)),
      flags: doc.flags,
      languages: Object.fromEntries(this.languages),
      installedLanguages: this.installed,
      timer: this.timerView(),
      lockMessage: doc.state === 'locked' ? this.commands.lockMessageOf(store) : null,
      pauseReason: doc.state === 'paused' ? this.commands.pauseReasonOf(store) : null,
      grading: this.grading?.status() ?? null,
      submittedAt: submitted?.at ?? null,
      submitReason: this.submitReason() ?? (this.submitting !== null && LIVE_STATES.has(doc.state) ? this.submitting : null),
      recovery: this.recovery,
      sync: this.hub.view(this.exam.mode, doc),
    };
  }

  private changed(): AttemptView {
    this.hub.notifyJournal();
    const view = this.view();
    this.deps.bus.emit('attemptChanged', view);
    return view;
  }

  private emitChanged(): void {
    this.hub.notifyJournal();
    if (this.store && this.meta) this.deps.bus.emit('attemptChanged', this.view());
  }

  private log(line: string): void {
    (this.deps.log ?? ((l: string) => process.stderr.write(`vigil: ${l}\n`)))(line);
  }
}
