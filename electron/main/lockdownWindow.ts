import type { Policy } from '../../shared/exam/policy.js';

/** What applyWindowLockdown uses of a BrowserWindow. */
export interface LockableWindow {
  removeMenu(): void;
  setAlwaysOnTop(flag: boolean, level?: 'screen-saver'): void;
  setContentProtection(enable: boolean): void;
}

/**
 * The window side of the policy that cannot be constructor options: no menu (so no accelerators for
 * reload, devtools or zoom), always on top at the `screen-saver` level (above the dock, taskbar and
 * most notifications, which plain always-on-top is not) in kiosk mode, and content protection,
 * which makes the window black in screenshots and screen recordings on Windows and macOS (Linux has
 * no such API: docs/lockdown.md).
 */
export function applyWindowLockdown(window: LockableWindow, policy: Pick<Policy, 'kiosk' | 'contentProtection'>): void {
  window.removeMenu();
  if (policy.kiosk) window.setAlwaysOnTop(true, 'screen-saver');
  if (policy.contentProtection) window.setContentProtection(true);
}
