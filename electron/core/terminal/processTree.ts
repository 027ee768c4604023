import { readdirSync, readFileSync } from 'node:fs';

/**
 * Finding and ending every process a shell started. On Linux this reads /proc; elsewhere it can
 * only signal the shell's process group (best effort, docs/terminal.md).
 *
 * Why more than `kill(-pgid)`: node-pty makes the shell a session leader, but an interactive shell
 * gives each job its own process group, and `setsid cmd &` leaves the session entirely (and, once
 * setsid's parent exits, the tree too: the process is reparented to init). So the tree is
 * collected three ways: descendants by parent pid, the shell's process group, and an environment
 * marker every process started from the shell inherits. Under bubblewrap the pid namespace also
 * guarantees it: when the sandbox's init dies the kernel kills everything inside.
 *
 * /proc is read synchronously: it is memory-backed, and one consistent snapshot is worth more here
 * than not blocking the event loop for a millisecond.
 */

export interface ProcEntry {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  /** Clock ticks since boot; with the pid it identifies a process even if the pid is reused. */
  startTime: number;
}

/** Parses /proc/<pid>/stat; the command name may contain spaces and parentheses. */
export function parseProcStat(text: string): ProcEntry | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const fields = text.slice(close + 2).split(' ');
  // After "pid (comm) ": state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
  // utime stime cutime cstime priority nice num_threads itrealvalue starttime ...
  const state = fields[0];
  const ppid = Number(fields[1]);
  const pgid = Number(fields[2]);
  const startTime = Number(fields[19]);
  if (state === undefined || !Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isInteger(startTime)) return null;
  return { pid, ppid, pgid, state, startTime };
}

function isVanished(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  // ENOENT/ESRCH: the process ended while we looked; EACCES/EPERM: not ours to read or signal.
  return code === 'ENOENT' || code === 'ESRCH' || code === 'EACCES' || code === 'EPERM';
}

/** One /proc/<pid>/stat, or null when that process does not exist (any more). */
export function readProcEntry(pid: number): ProcEntry | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch (err) {
    if (isVanished(err)) return null;
    throw err;
  }
}

/** Every process visible in /proc. */
export function readProcTable(): ProcEntry[] {
  const out: ProcEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readProcEntry(Number(name));
    if (entry) out.push(entry);
  }
  return out;
}

/** Pids of every descendant of `rootPid` (not including it), by walking parent links. */
export function descendantsOf(table: readonly ProcEntry[], rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const p of table) {
    const list = children.get(p.ppid);
    if (list) list.push(p.pid);
    else children.set(p.ppid, [p.pid]);
  }
  const out: number[] = [];
  const queue = [...(children.get(rootPid) ?? [])];
  const seen = new Set<number>([rootPid]);
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The value of `name` in the process's initial environment, or null when it has none (or is gone). */
export function readEnvVar(pid: number, name: string): string | null {
  let environ: Buffer;
  try {
    environ = readFileSync(`/proc/${pid}/environ`);
  } catch (err) {
    if (isVanished(err)) return null;
    throw err;
  }
  const prefix = `${name}=`;
  for (const entry of environ.toString('utf8').split('\0')) {
    if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  }
  return null;
}

/** True when the process's initial environment holds exactly `name=value`. */
export function hasEnvMarker(pid: number, name: string, value: string): boolean {
  return readEnvVar(pid, name) === value;
}

/** A process is gone once it no longer exists or is a zombie waiting for its parent to reap it. */
export function isGone(pid: number, startTime?: number): boolean {
  if (process.platform !== 'linux') {
    try {
      process.kill(pid, 0);
      return false;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return true;
      throw err;
    }
  }
  const entry = readProcEntry(pid);
  if (!entry) return true;
  if (startTime !== undefined && entry.startTime !== startTime) return true; // pid reused
  return entry.state === 'Z' || entry.state === 'X';
}

export interface TreeKillOptions {
  /** Environment variable every process of the shell inherited, as `[name, value]`. */
  marker?: readonly [string, string];
  /** Time between the polite signals and SIGKILL. */
  graceMs?: number;
  pollMs?: number;
}

export interface TreeKillResult {
  /** Every process that was signalled. */
  signalled: number[];
  /** Processes that needed SIGKILL. */
  forced: number[];
  /** Processes still present at the end (should be empty; reported, never hidden). */
  survivors: number[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends `sig`; a process that ended meanwhile (or is not ours) is skipped. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if (!isVanished(err)) throw err;
  }
}

/**
 * `rootPid` and every process it started, as pid -> start time: descendants by parent pid, the
 * root's process group while the root leads it, and processes carrying the environment marker
 * (which finds a `setsid cmd &` reparented to init). `markerChecked` remembers the processes whose
 * environment was already read, so a caller polling the tree reads each environ once.
 * Off Linux only the root is known (best effort, docs/terminal.md).
 */
export function collectProcessTree(rootPid: number, marker?: readonly [string, string], markerChecked = new Set<string>()): Map<number, number | undefined> {
  const found = new Map<number, number | undefined>();
  if (process.platform !== 'linux') {
    found.set(rootPid, undefined);
    return found;
  }
  const table = readProcTable();
  const byPid = new Map(table.map((p) => [p.pid, p]));
  const add = (pid: number) => {
    const entry = byPid.get(pid);
    if (entry && !found.has(pid)) found.set(pid, entry.startTime);
  };
  add(rootPid);
  for (const pid of descendantsOf(table, rootPid)) add(pid);
  const root = byPid.get(rootPid);
  for (const p of table) {
    if (p.pid === process.pid || found.has(p.pid)) continue;
    if (root && root.pgid === rootPid && p.pgid === rootPid) {
      add(p.pid);
      continue;
    }
    const key = `${p.pid}:${p.startTime}`;
    if (marker && !markerChecked.has(key)) {
      markerChecked.add(key);
      if (hasEnvMarker(p.pid, marker[0], marker[1])) add(p.pid);
    }
  }
  return found;
}

/**
 * Ends `rootPid` and everything it started: SIGHUP and SIGTERM first (an interactive bash ignores
 * SIGTERM but exits on SIGHUP, like when a terminal window closes), then SIGKILL for whatever is
 * left after `graceMs`. The tree is re-collected on every round so children forked meanwhile are
 * caught too. Resolves once every collected process is gone (or reports survivors).
 */
export async function killProcessTree(rootPid: number, options: TreeKillOptions = {}): Promise<TreeKillResult> {
  const graceMs = options.graceMs ?? 2000;
  const pollMs = options.pollMs ?? 20;
  const known = new Map<number, number | undefined>(); // pid -> start time
  const markerChecked = new Set<string>(); // `${pid}:${startTime}` whose environ was read

  const collect = (): void => {
    for (const [pid, startTime] of collectProcessTree(rootPid, options.marker, markerChecked)) {
      if (!known.has(pid)) known.set(pid, startTime);
    }
  };
  const alive = (): number[] => [...known].filter(([pid, start]) => !isGone(pid, start)).map(([pid]) => pid);
  const send = (sig: NodeJS.Signals): number[] => {
    const targets = alive();
    for (const pid of targets) signal(pid, sig);
    return targets;
  };

  collect();
  const signalled = new Set<number>(known.keys());
  // The shell's process group too: on macOS that is all we can see. Only while the shell lives,
  // so a reused pid can never make us signal someone else's group.
  const rootAlive = () => !isGone(rootPid, known.get(rootPid));
  if (rootAlive()) signal(-rootPid, 'SIGHUP');
  send('SIGHUP');
  send('SIGTERM');
  // A stopped process (a paused or locked attempt's shell) acts on SIGHUP/SIGTERM only once it
  // runs again, as the shell's own `kill` does for stopped jobs.
  send('SIGCONT');

  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    collect();
    for (const pid of known.keys()) signalled.add(pid);
    const left = alive();
    if (left.length === 0) return { signalled: [...signalled], forced: [], survivors: [] };
    send('SIGTERM');
    send('SIGCONT');
    await sleep(pollMs);
  }

  const forced = new Set<number>();
  for (let round = 0; round < 10; round++) {
    collect();
    if (rootAlive()) signal(-rootPid, 'SIGKILL');
    for (const pid of send('SIGKILL')) forced.add(pid);
    await sleep(pollMs * 5);
    if (alive().length === 0) break;
  }
  for (const pid of known.keys()) signalled.add(pid);
  return { signalled: [...signalled], forced: [...forced], survivors: alive() };
}
