import { updateGate, type UpdateAction, type UpdateActivity } from './updatePolicy.js';

/**
 * The phases of one update, in order:
 *
 *   idle -> checking -> available -> downloading -> downloaded -> install-on-quit
 *
 * Forward steps start something (a request to the feed, a download, arming the installer) and each
 * is gated by the policy of what it starts; steps back stop or undo something and are always
 * allowed, since stopping can never be the wrong thing to do during an exam:
 * - checking -> idle: no newer version, or the feed failed.
 * - downloading -> available: the download was cancelled because an attempt began; it resumes later.
 * - downloading -> idle: the download failed (a checksum mismatch among others); the next scheduled
 *   check starts over rather than fetching a bad file in a loop.
 * - install-on-quit -> downloaded: an attempt began after the update was armed; disarm it.
 * - available -> checking: a later check may find a newer version than the one not yet fetched.
 */
export const UPDATE_PHASES = ['idle', 'checking', 'available', 'downloading', 'downloaded', 'install-on-quit'] as const;
export type UpdatePhase = (typeof UPDATE_PHASES)[number];

const NEXT: Readonly<Record<UpdatePhase, readonly UpdatePhase[]>> = {
  idle: ['checking'],
  checking: ['idle', 'available'],
  available: ['downloading', 'checking'],
  downloading: ['downloaded', 'available', 'idle'],
  downloaded: ['install-on-quit'],
  'install-on-quit': ['downloaded'],
};

/** The policy action each gated phase begins. */
const ENTRY_ACTION: Readonly<Partial<Record<UpdatePhase, UpdateAction>>> = {
  checking: 'check',
  downloading: 'download',
  'install-on-quit': 'install',
};

export type UpdateStep = { ok: true } | { ok: false; reason: string };

/** Whether `to` follows `from` at all, whatever the policy says. */
export function isUpdateStep(from: UpdatePhase, to: UpdatePhase): boolean {
  return NEXT[from].includes(to);
}

export interface UpdateStepOptions {
  /**
   * True where a finished download arms the installer by itself and cannot be disarmed (macOS:
   * Squirrel.Mac installs a staged update whenever the app quits). There a download must also
   * pass the install gate.
   */
  downloadArmsInstall?: boolean;
}

/** Whether the machine may go from `from` to `to` now, given what the attempt is doing. */
export function stepUpdate(from: UpdatePhase, to: UpdatePhase, activity: UpdateActivity, opts: UpdateStepOptions = {}): UpdateStep {
  if (!isUpdateStep(from, to)) return { ok: false, reason: `an update cannot go from ${from} to ${to}` };
  const actions: UpdateAction[] = [];
  const entry = ENTRY_ACTION[to];
  if (entry !== undefined) actions.push(entry);
  if (to === 'downloading' && opts.downloadArmsInstall) actions.push('install');
  for (const action of actions) {
    const gate = updateGate(action, activity);
    if (!gate.allowed) return { ok: false, reason: `${action} postponed: ${gate.reason}` };
  }
  return { ok: true };
}
