import type { ViolationSeverity } from '../../../shared/journal.js';

/**
 * The violations the lockdown monitors produce (DESIGN 6). Each becomes a `violation` journal entry
 * whose data is exactly this object: `{kind, severity, detail}` plus the numbers a reviewer needs
 * (durations, counts, pids), which the journal keeps and hashes.
 */
export const LOCKDOWN_VIOLATION_KINDS = [
  'focus-loss',
  'display-added',
  'display-count',
  'vm-detected',
  'remote-session',
  'prohibited-process',
  'clipboard-blocked',
  'clock-jump',
  'process-stopped',
  'suspend-resume',
  'navigation-blocked',
  'quit-attempt',
  // Beyond DESIGN 6's list: key combinations and gestures the window or the renderer guards refused.
  'shortcut-blocked',
  'context-menu-blocked',
  'file-drop-blocked',
  'permission-denied',
  // Paste evidence from the code editor (per the clipboard policy): a large paste, a paste from outside.
  'paste-large',
  'paste-external',
  // The disk guard ended shells: a workspace over its quota, or the journal's disk near full.
  'disk-quota',
] as const;

export type LockdownViolationKind = (typeof LOCKDOWN_VIOLATION_KINDS)[number];

export interface LockdownViolation {
  kind: LockdownViolationKind;
  severity: ViolationSeverity;
  /** One sentence a proctor can read: what happened, with the numbers. */
  detail: string;
  [extra: string]: unknown;
}

/** Where monitors send what they find; the composition root journals it. */
export type ViolationSink = (violation: LockdownViolation) => void;

export function violation(kind: LockdownViolationKind, severity: ViolationSeverity, detail: string, extra: Record<string, unknown> = {}): LockdownViolation {
  return { ...extra, kind, severity, detail };
}

/** The allow/report/block policy actions: allow records nothing, report warns, block is critical. */
export type PolicyAction = 'allow' | 'report' | 'block';

export function severityFor(action: Exclude<PolicyAction, 'allow'>): ViolationSeverity {
  return action === 'block' ? 'critical' : 'warning';
}

/** Milliseconds as a short human duration for details ("3.2 s", "4 min 10 s"). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  if (minutes < 60) return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes - hours * 60} min`;
}
