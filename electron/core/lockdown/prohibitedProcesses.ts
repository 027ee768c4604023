import { normalizeProcessName, type ProcessInfo } from './processList.js';
import { violation, type LockdownViolation } from './violation.js';

export interface ProhibitedMatch {
  pid: number;
  /** The process's name that matched. */
  name: string;
  /** The policy entry it matched. */
  entry: string;
}

/**
 * Processes whose executable name equals a `prohibitedProcesses` entry, case-insensitively and
 * ignoring `.exe`. Whole names only: "obs" matches `obs` and `OBS.exe`, not `obs64` (list it too)
 * nor a process that merely has "obs" in its arguments or path, so an editor with a file named
 * obs-notes.txt open is not flagged. On Linux the kernel keeps only 15 characters of a name, so a
 * longer entry also matches a 15-character name it starts with.
 */
export function matchProhibited(processes: readonly ProcessInfo[], prohibited: readonly string[], opts: { ignorePids?: ReadonlySet<number> } = {}): ProhibitedMatch[] {
  const entries = new Map<string, string>();
  for (const entry of prohibited) {
    const n = normalizeProcessName(entry);
    if (n) entries.set(n, entry);
  }
  const matches: ProhibitedMatch[] = [];
  for (const proc of processes) {
    if (opts.ignorePids?.has(proc.pid)) continue;
    for (const name of proc.names) {
      const entry = entries.get(name) ?? (name.length === 15 ? [...entries].find(([n]) => n.startsWith(name))?.[1] : undefined);
      if (entry !== undefined) {
        matches.push({ pid: proc.pid, name, entry });
        break;
      }
    }
  }
  return matches;
}

/** What happened when a block policy tried to stop a process. */
export type KillOutcome = 'terminated' | 'killed' | 'already-gone' | 'not-permitted' | 'still-running';

/**
 * The violation for one prohibited process. `report`: a warning that it runs. `block`: critical,
 * with whether stopping it worked (a service owned by another user cannot be stopped by the exam).
 */
export function prohibitedProcessViolation(match: ProhibitedMatch, action: 'report' | 'block', outcome?: KillOutcome): LockdownViolation {
  const what = `"${match.name}" (pid ${match.pid}, listed as "${match.entry}")`;
  if (action === 'report') return violation('prohibited-process', 'warning', `A prohibited program is running: ${what}.`, { pid: match.pid, name: match.name, entry: match.entry, action });
  const result = {
    terminated: 'was stopped',
    killed: 'was stopped (forcibly)',
    'already-gone': 'had already ended',
    'not-permitted': 'could not be stopped: it belongs to another user or the system',
    'still-running': 'could not be stopped: it is still running',
  }[outcome ?? 'still-running'];
  return violation('prohibited-process', 'critical', `A prohibited program ${what} ${result}.`, { pid: match.pid, name: match.name, entry: match.entry, action, outcome: outcome ?? 'still-running' });
}

/**
 * Tracks which matches were already reported, so a process running for an hour is one violation,
 * not one every two seconds; a program started again (new pid) is reported again.
 */
export function newMatches(reported: ReadonlySet<string>, matches: readonly ProhibitedMatch[]): { fresh: ProhibitedMatch[]; reported: Set<string> } {
  const keyOf = (m: ProhibitedMatch) => `${m.pid}:${m.name}`;
  const current = new Set(matches.map(keyOf));
  return { fresh: matches.filter((m) => !reported.has(keyOf(m))), reported: current };
}
