import { formatClock, spokenDuration, timeAgo } from '../../lib/format.js';

export { formatClock, spokenDuration, timeAgo };

/** "14:03:27": a wall-clock time in the proctor's locale, seconds included (timelines need them). */
/** A device's reported facts in one line: "os: linux, hostname: lab-pc-07". */
export function deviceLine(info: Readonly<Record<string, string>>): string {
  return Object.entries(info)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
}

export function clockTime(iso: string): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return iso;
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "14:03:27" today, else "27 Nov, 14:03:27". */
export function dateTime(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return iso;
  const d = new Date(at);
  if (d.toDateString() === new Date(now).toDateString()) return clockTime(iso);
  return `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${clockTime(iso)}`;
}

/** Milliseconds since an ISO time on this browser's clock, or null. */
export function ageOf(iso: string | null, now: number): number | null {
  if (iso === null) return null;
  const at = Date.parse(iso);
  return Number.isFinite(at) ? Math.max(0, now - at) : null;
}

/** "4.5", "12": scores without float noise. */
export function points(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** "1 point", "2.5 points". */
export function pointsLabel(n: number): string {
  return `${points(n)} point${n === 1 ? '' : 's'}`;
}

/** Attempt states as the grid says them. */
export const STATE_LABELS: Readonly<Record<string, string>> = {
  'checked-in': 'Checked in',
  preflight: 'Pre-flight',
  ready: 'Ready',
  'in-progress': 'In progress',
  paused: 'Paused',
  locked: 'Locked',
  submitted: 'Submitted',
  sealed: 'Submitted (result received)',
  synced: 'Synced',
};
