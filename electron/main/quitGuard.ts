import type { AttemptState } from '../../shared/lifecycle.js';
import { quitDecision, type QuitDecision } from '../core/lockdown/quitDecision.js';
import { verifyQuitPassword } from '../core/lockdown/quitPassword.js';
import { violation, type ViolationSink } from '../core/lockdown/violation.js';

/** An Electron event that can be cancelled. */
export interface Preventable {
  preventDefault(): void;
}

/** What the quit guard uses of Electron: app, the candidate window and powerMonitor. */
export interface QuitGuardElectron {
  app: { on(event: 'before-quit' | 'will-quit', listener: (event: Preventable) => void): unknown; quit(): void };
  window: { on(event: 'close' | 'session-end', listener: (event: Preventable) => void): unknown };
  powerMonitor?: { on(event: 'shutdown', listener: () => void): unknown };
}

export interface QuitGuardOptions extends QuitGuardElectron {
  /** The current attempt's state, or null when none is open. */
  getState(): AttemptState | null;
  /** policy.quitPassword: the scrypt hash, or null (no early quit without a proctor). */
  quitPassword: string | null;
  practice: boolean;
  onViolation: ViolationSink;
  /** A quit was refused: the UI may offer the quit-password prompt. */
  onRefused?(decision: QuitDecision): void;
}

export interface QuitGuard {
  /** The proctor's `allow-quit`: the next quit goes through. */
  allowQuit(): void;
  /** Checks the exam's quit password; when it matches the app quits. Wrong tries are journaled. */
  quitWithPassword(password: string): Promise<boolean>;
}

/**
 * Intercepts every way the app can quit during an exam: the app quitting (Cmd+Q, the dock, the
 * updater: `before-quit`, `will-quit`) and the window closing (Alt+F4, the close button: `close`).
 * Each is refused and journaled as a `quit-attempt` unless quitDecision allows it; once allowed the
 * decision holds, so the chain of events one quit produces is journaled once. The OS shutting down
 * or logging out is let through (it would kill the app anyway) and journaled.
 */
export function installQuitGuard(opts: QuitGuardOptions): QuitGuard {
  let released = false;
  let allowQuit = false;
  let passwordOk = false;
  let systemShutdown = false;

  const guard = (event: Preventable): void => {
    if (released) return;
    const decision = quitDecision({ state: opts.getState(), allowQuit, passwordOk, practice: opts.practice, systemShutdown });
    if (decision.violation) opts.onViolation(decision.violation);
    if (decision.allow) {
      released = true;
      return;
    }
    event.preventDefault();
    opts.onRefused?.(decision);
  };

  opts.app.on('before-quit', guard);
  opts.app.on('will-quit', guard);
  opts.window.on('close', guard);
  const shuttingDown = (): void => {
    systemShutdown = true;
  };
  // Windows says so on the window, Linux and macOS through powerMonitor.
  opts.window.on('session-end', shuttingDown);
  opts.powerMonitor?.on('shutdown', shuttingDown);

  return {
    allowQuit() {
      allowQuit = true;
    },
    async quitWithPassword(password) {
      const ok = await verifyQuitPassword(opts.quitPassword, password);
      if (!ok) {
        const detail = opts.quitPassword === null ? 'Tried to quit with a password, but this exam has no quit password.' : 'A wrong quit password was entered.';
        opts.onViolation(violation('quit-attempt', 'warning', detail, { allowed: false, wrongPassword: true }));
        return false;
      }
      passwordOk = true;
      opts.app.quit();
      return true;
    },
  };
}
