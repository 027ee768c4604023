import type { PreflightCheck } from '../../../shared/attemptView.js';
import type { JournalEntry, ViolationData } from '../../../shared/journal.js';

/**
 * Pre-flight warnings and failures as the proctor sees them (the candidate is told "the proctor
 * will see this"): each one becomes a `violation` entry with its check id, status and detail, so
 * it counts on the hub's grid and reads on the timeline whatever store the hub uses. A finding
 * already journaled for this attempt (same check, status and detail) is not journaled again, so
 * running the checks again does not inflate the count.
 */

/** The violation kind DESIGN 6 names for a check, where there is one. */
const KIND_OF_CHECK: Readonly<Record<string, string>> = {
  'virtual-machine': 'vm-detected',
  'remote-session': 'remote-session',
  'prohibited-processes': 'prohibited-process',
  displays: 'display-count',
};

export interface PreflightFinding extends ViolationData {
  check: string;
  status: 'warn' | 'fail';
}

const keyOf = (check: string, status: string, detail: string) => `${check}\u0000${status}\u0000${detail}`;

/** The findings of `checks` that `entries` do not hold yet, as violation data. */
export function newPreflightFindings(checks: readonly PreflightCheck[], entries: readonly JournalEntry[]): PreflightFinding[] {
  const journaled = new Set<string>();
  for (const e of entries) {
    const d = e.data as { check?: unknown; status?: unknown; detail?: unknown } | null;
    if (e.type === 'violation' && typeof d?.check === 'string') journaled.add(keyOf(d.check, String(d.status), String(d.detail)));
  }
  const out: PreflightFinding[] = [];
  for (const c of checks) {
    if (c.status === 'pass') continue;
    const detail = `Pre-flight ${c.status === 'fail' ? 'failed' : 'warned'}: ${c.title}. ${c.detail}`;
    if (journaled.has(keyOf(c.id, c.status, detail))) continue;
    out.push({
      kind: KIND_OF_CHECK[c.id] ?? `preflight-${c.id}`,
      // A warning lets the candidate start and the proctor judges; a failure stopped them.
      severity: c.status === 'fail' ? 'critical' : 'warning',
      detail,
      check: c.id,
      status: c.status,
    });
  }
  return out;
}
