import type { IntervalScheduler } from '../attempt/timer.js';
import { attemptInProgress, type UpdateActivity } from './updatePolicy.js';
import { isUpdateStep, stepUpdate, type UpdatePhase } from './updateMachine.js';

/** How often an idle app asks the feed again. Assessment-center releases are rare; the hub is local. */
export const UPDATE_CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

/**
 * The updater as the controller needs it. The Electron adapter (electron/main/updater.ts)
 * implements it with electron-updater; tests implement it with a fake or a real updater.
 */
export interface UpdaterPort {
  /** Asks the feed; resolves with the newer version, or null when this one is current. */
  check(): Promise<{ version: string } | null>;
  /** Fetches the update found by the last check and verifies its checksum. */
  download(): Promise<'downloaded' | 'cancelled'>;
  /** Stops a running download (its promise then resolves 'cancelled'). */
  cancelDownload(): void;
  /** Arms or disarms installing the downloaded update when the app quits. */
  setInstallOnQuit(enabled: boolean): void;
  /** True where a finished download arms the installer and cannot be disarmed (macOS). */
  readonly downloadArmsInstall?: boolean;
}

export interface UpdateStatus {
  phase: UpdatePhase;
  /** The version found by the last check, while one is pending. */
  version: string | null;
  lastCheckAt: string | null;
  /** Why the last check or download failed, until the next one succeeds. */
  lastError: string | null;
  /** Why the next step is postponed (an attempt in progress), or null. */
  waitingFor: string | null;
}

export interface UpdateControllerDeps {
  port: UpdaterPort;
  /** What the attempt is doing now; read before every step. */
  activity: () => UpdateActivity;
  onStatus?: (status: UpdateStatus) => void;
  log?: (line: string) => void;
  scheduler?: IntervalScheduler;
  now?: () => number;
  checkEveryMs?: number;
}

type Trigger = 'start' | 'timer' | 'activity' | 'chain';

const defaultScheduler: IntervalScheduler = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/**
 * Drives the update machine: checks at start and every few hours while idle, and again as soon as
 * an attempt ends; downloads when the policy allows; arms install-on-quit only once the result is
 * safe. One operation (check or download) runs at a time. Every step re-reads the activity, so an
 * attempt starting mid-way stops the next step, cancels a download and disarms a pending install.
 */
export class UpdateController {
  private phase: UpdatePhase = 'idle';
  private version: string | null = null;
  private lastCheckAt: string | null = null;
  private lastError: string | null = null;
  private waitingFor: string | null = null;
  private running: Promise<void> | null = null;
  private interval: unknown = null;
  private stopped = false;
  private wasInProgress: boolean;
  private readonly scheduler: IntervalScheduler;

  constructor(private readonly deps: UpdateControllerDeps) {
    this.scheduler = deps.scheduler ?? defaultScheduler;
    this.wasInProgress = attemptInProgress(deps.activity());
  }

  /** Checks once (when allowed) and starts the idle timer. */
  start(): Promise<void> {
    if (this.interval === null) {
      this.interval = this.scheduler.setInterval(() => void this.pump('timer'), this.deps.checkEveryMs ?? UPDATE_CHECK_EVERY_MS);
    }
    return this.pump('start');
  }

  /** Call on every attempt change: it may stop a download, disarm an install, or allow the next step. */
  activityChanged(): Promise<void> {
    return this.pump('activity');
  }

  stop(): void {
    this.stopped = true;
    if (this.interval !== null) this.scheduler.clearInterval(this.interval);
    this.interval = null;
    if (this.phase === 'downloading') this.deps.port.cancelDownload();
  }

  status(): UpdateStatus {
    return { phase: this.phase, version: this.version, lastCheckAt: this.lastCheckAt, lastError: this.lastError, waitingFor: this.waitingFor };
  }

  /** Resolves once no check or download is running (tests and orderly shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private pump(trigger: Trigger): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const activity = this.deps.activity();
    const inProgress = attemptInProgress(activity);
    const attemptEnded = this.wasInProgress && !inProgress;
    this.wasInProgress = inProgress;

    // Stopping comes first and never waits for the running operation.
    if (this.phase === 'downloading' && inProgress) {
      this.log('an attempt began: cancelling the update download');
      this.deps.port.cancelDownload();
    }
    if (this.phase === 'install-on-quit' && !stepUpdate('downloaded', 'install-on-quit', activity).ok) {
      if (this.deps.port.downloadArmsInstall) this.log('an attempt began after an update was staged: this system installs it whenever the app quits');
      this.deps.port.setInstallOnQuit(false);
      this.move('downloaded');
    }
    if (this.running) return this.running;
    this.running = this.drive(trigger, attemptEnded).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Takes every step the policy allows now, one at a time, re-reading the activity before each. */
  private async drive(trigger: Trigger, attemptEnded: boolean): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const next = this.nextStep(trigger, attemptEnded);
      if (next === null) {
        this.publish();
        return;
      }
      const step = stepUpdate(this.phase, next, this.deps.activity(), { downloadArmsInstall: this.deps.port.downloadArmsInstall ?? false });
      if (!step.ok) {
        this.waitingFor = step.reason;
        this.publish();
        return;
      }
      this.waitingFor = null;
      if (next === 'install-on-quit') {
        this.deps.port.setInstallOnQuit(true);
        this.move('install-on-quit');
        return;
      }
      const progressed = next === 'checking' ? await this.check() : await this.download();
      if (!progressed) return;
      trigger = 'chain';
      attemptEnded = false;
    }
  }

  /** The step worth trying from the current phase, or null to stay put. */
  private nextStep(trigger: Trigger, attemptEnded: boolean): UpdatePhase | null {
    switch (this.phase) {
      case 'idle':
        return trigger === 'start' || trigger === 'timer' || attemptEnded ? 'checking' : null;
      case 'available':
        // A timer tick re-checks (a newer version may have replaced the one found); anything else resumes the download.
        return trigger === 'timer' ? 'checking' : 'downloading';
      case 'downloaded':
        return 'install-on-quit';
      default:
        return null;
    }
  }

  /** Resolves true when an update was found (the next step is its download). */
  private async check(): Promise<boolean> {
    this.move('checking');
    try {
      const found = await this.deps.port.check();
      this.lastCheckAt = new Date((this.deps.now ?? Date.now)()).toISOString();
      this.lastError = null;
      this.version = found?.version ?? null;
      if (found === null) {
        this.move('idle');
        return false;
      }
      this.log(`update ${found.version} is available`);
      this.move('available');
      return true;
    } catch (error) {
      this.fail('check', error);
      this.version = null;
      this.move('idle');
      return false;
    }
  }

  /** Resolves true when the update is downloaded and verified, or cancelled (to wait for the policy). */
  private async download(): Promise<boolean> {
    this.move('downloading');
    try {
      const outcome = await this.deps.port.download();
      if (outcome === 'cancelled') {
        this.move('available');
        return true;
      }
      this.lastError = null;
      this.log(`update ${this.version ?? ''} downloaded and verified`);
      this.move('downloaded');
      return true;
    } catch (error) {
      // A failed download (a checksum mismatch among others) is not retried before the next check.
      this.fail('download', error);
      this.version = null;
      this.move('idle');
      return false;
    }
  }

  private fail(what: string, error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.log(`update ${what} failed: ${this.lastError}`);
  }

  private move(to: UpdatePhase): void {
    if (!isUpdateStep(this.phase, to)) throw new Error(`bug: update phase ${this.phase} -> ${to}`);
    this.phase = to;
    this.publish();
  }

  private publish(): void {
    this.deps.onStatus?.(this.status());
  }

  private log(line: string): void {
    this.deps.log?.(line);
  }
}
