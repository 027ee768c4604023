import { collectProcessTree, isGone, readEnvVar, readProcEntry, signal } from './processTree.js';
import { SESSION_MARKER_VAR } from './shellLaunch.js';

/**
 * Stopping and continuing everything a shell started (DESIGN 7: pause and lock stop the
 * attempt's shells, resume and unlock continue them), so a background job cannot keep writing
 * the workspace while the exam is paused or locked.
 *
 * The tree is the one the tree killer collects (processTree.ts). The environment marker is read
 * from the root itself: node-pty starts the shell (or bwrap) with it, and every process the shell
 * starts inherits it, so a `setsid` job that left the tree is found too.
 */

/** At most this many collect-and-stop rounds; each round can only find children forked meanwhile. */
const MAX_STOP_ROUNDS = 20;

function markerOf(rootPid: number): readonly [string, string] | undefined {
  if (process.platform !== 'linux') return undefined;
  const value = readEnvVar(rootPid, SESSION_MARKER_VAR);
  return value ? [SESSION_MARKER_VAR, value] : undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A signalled process takes the stop when it is next scheduled: wait (bounded) until each one shows it. */
async function settled(pids: ReadonlyArray<readonly [number, number | undefined]>, settleMs: number): Promise<void> {
  const deadline = Date.now() + settleMs;
  while (pids.some(([pid, start]) => !isGone(pid, start) && !isStopped(pid)) && Date.now() < deadline) await sleep(2);
}

/**
 * SIGSTOPs `rootPid` and every process of its tree; resolves with the pids stopped once each shows
 * as stopped. The root goes first so the shell cannot react to its jobs stopping; the tree is
 * collected again until a round finds no process that was not stopped already (a fork between
 * collecting and stopping is caught by the next round, and a stopped process cannot fork).
 */
export async function stopProcessTree(rootPid: number, options: { settleMs?: number } = {}): Promise<number[]> {
  const marker = markerOf(rootPid);
  const stopped = new Map<number, number | undefined>();
  if (process.platform !== 'linux') signal(-rootPid, 'SIGSTOP');
  for (let round = 0; round < MAX_STOP_ROUNDS; round++) {
    const tree = collectProcessTree(rootPid, marker);
    const fresh = [...tree].filter(([pid, start]) => !(stopped.has(pid) && stopped.get(pid) === start) && !isGone(pid, start));
    if (fresh.length === 0) break;
    // Root first, then the rest in the order found (parents before children).
    fresh.sort(([a], [b]) => (a === rootPid ? -1 : b === rootPid ? 1 : 0));
    for (const [pid, start] of fresh) {
      signal(pid, 'SIGSTOP');
      stopped.set(pid, start);
    }
    await settled(fresh, options.settleMs ?? 1000);
  }
  return [...stopped.keys()];
}

/**
 * SIGCONTs every process of `rootPid`'s tree; returns the pids continued. Children go first and
 * the root last, so when the shell runs again its jobs are already running and it does not report
 * them as stopped.
 */
export function continueProcessTree(rootPid: number): number[] {
  const marker = markerOf(rootPid);
  const tree = [...collectProcessTree(rootPid, marker)].filter(([pid, start]) => !isGone(pid, start));
  const children = tree.filter(([pid]) => pid !== rootPid);
  for (const [pid] of children) signal(pid, 'SIGCONT');
  const continued = children.map(([pid]) => pid);
  if (tree.some(([pid]) => pid === rootPid)) {
    signal(rootPid, 'SIGCONT');
    continued.push(rootPid);
  }
  if (process.platform !== 'linux') signal(-rootPid, 'SIGCONT');
  return continued;
}

/** True when the process is stopped by a signal (state T in /proc); false when running or gone. */
export function isStopped(pid: number): boolean {
  return readProcEntry(pid)?.state === 'T';
}
