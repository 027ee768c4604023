import type { Policy } from '../../shared/exam/policy.js';
import type { AttemptState } from '../../shared/lifecycle.js';
import type { Clock } from '../core/attempt/clock.js';
import type { IntervalScheduler } from '../core/attempt/timer.js';
import { startMachineMonitor } from '../core/lockdown/machineMonitor.js';
import { startStallMonitor } from '../core/lockdown/stallMonitor.js';
import type { SystemProbe } from '../core/lockdown/systemProbe.js';
import type { ViolationSink } from '../core/lockdown/violation.js';
import { applyWindowLockdown, type LockableWindow } from './lockdownWindow.js';
import { clearClipboard, preventDisplaySleep, watchDisplays, watchFocus, watchSuspend, type Emitter, type ScreenLike } from './monitorAdapters.js';
import { installQuitGuard, type QuitGuard, type QuitGuardElectron } from './quitGuard.js';


/** The Electron modules the lockdown adapts, passed in so tests use fakes. */
export interface LockdownElectron {
  app: QuitGuardElectron['app'];
  screen: ScreenLike;
  powerMonitor: NonNullable<QuitGuardElectron['powerMonitor']> & Emitter<'suspend' | 'resume'>;
  powerSaveBlocker: Parameters<typeof preventDisplaySleep>[0];
  clipboard: Parameters<typeof clearClipboard>[0];
}

export interface LockdownOptions {
  electron: LockdownElectron;
  window: LockableWindow & QuitGuardElectron['window'] & Emitter<'blur' | 'focus'>;
  policy: Policy;
  practice: boolean;
  platform: NodeJS.Platform;
  clock: Clock;
  scheduler: IntervalScheduler;
  probe: SystemProbe;
  /** The current attempt's state, or null: decides whether quitting is guarded. */
  getState(): AttemptState | null;
  /** Every violation found; the composition root journals it on the open attempt. */
  onViolation: ViolationSink;
  /** Policy `focusLoss: lock` fired: lock the attempt until a proctor unlocks it. */
  onLock(reason: 'focus-loss'): void;
  /** A quit was refused: offer the quit-password prompt. */
  onQuitRefused?(): void;
  /** Failures of the monitors themselves (not violations): for the log. */
  onError(error: unknown): void;
  /** Processes never treated as prohibited (the app itself and its parent). */
  ignorePids?: ReadonlySet<number>;
}

export interface Lockdown {
  quit: QuitGuard;
  /** Empties the clipboard; call when the attempt starts and when it is submitted. */
  clearClipboard(): void;
  /** Stops the monitors (the app is quitting); an open focus loss is reported first. */
  stop(): void;
}

/**
 * Puts the candidate window under the exam's policy (DESIGN 6) and starts every monitor: focus,
 * displays, suspend/resume, event-loop stalls, prohibited programs, remote access and the VM check,
 * display-sleep prevention and the quit guard. Nothing here decides: the decisions are core's pure
 * functions; this only connects Electron's events to them.
 */
export function startLockdown(opts: LockdownOptions): Lockdown {
  const { electron, policy, onViolation } = opts;
  applyWindowLockdown(opts.window, policy);
  const clear = () => clearClipboard(electron.clipboard, opts.platform);
  clear();

  const quit = installQuitGuard({
    app: electron.app,
    window: opts.window,
    powerMonitor: electron.powerMonitor,
    getState: opts.getState,
    quitPassword: policy.quitPassword,
    practice: opts.practice,
    onViolation,
    onRefused: () => opts.onQuitRefused?.(),
  });

  const stops = [
    watchFocus(opts.window, { policy: policy.focusLoss, clock: opts.clock, onViolation, onLock: () => opts.onLock('focus-loss') }),
    watchDisplays(electron.screen, { maxDisplays: policy.maxDisplays, onViolation }),
    watchSuspend(electron.powerMonitor, { clock: opts.clock, onViolation }),
    preventDisplaySleep(electron.powerSaveBlocker),
  ];
  const stall = startStallMonitor({ clock: opts.clock, scheduler: opts.scheduler, onViolation });
  const machine = startMachineMonitor({ policy, probe: opts.probe, onViolation, onError: opts.onError, scheduler: opts.scheduler, ignorePids: opts.ignorePids });

  let stopped = false;
  return {
    quit,
    clearClipboard: clear,
    stop() {
      if (stopped) return;
      stopped = true;
      machine.stop();
      stall.stop();
      for (const stop of stops) stop();
      clear();
    },
  };
}
