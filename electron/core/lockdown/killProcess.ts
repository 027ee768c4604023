import { readFile } from 'node:fs/promises';
import type { KillOutcome } from './prohibitedProcesses.js';

export interface KillDeps {
  /** process.kill: throws ESRCH when there is no such process, EPERM when it is not ours. */
  signal(pid: number, signal: NodeJS.Signals | 0): void;
  /** Whether the pid still names a live process. */
  isAlive(pid: number): Promise<boolean>;
  sleep(ms: number): Promise<void>;
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/** Live unless the kernel says it is gone; a zombie (Linux state Z) is dead, only unreaped. */
export async function isProcessAlive(pid: number, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (errnoCode(error) === 'ESRCH') return false;
    if (errnoCode(error) !== 'EPERM') throw error;
  }
  if (platform !== 'linux') return true;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ESRCH') return false;
    throw error;
  }
}

export const defaultKillDeps: KillDeps = {
  signal: (pid, signal) => {
    process.kill(pid, signal);
  },
  isAlive: (pid) => isProcessAlive(pid),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Stops a process gracefully (Tabby's rule): SIGTERM, wait up to `graceMs` for it to exit, then
 * SIGKILL. On Windows Node maps both to TerminateProcess, so the first signal already ends it.
 */
export async function terminateProcess(pid: number, opts: { graceMs?: number; pollMs?: number; deps?: KillDeps } = {}): Promise<KillOutcome> {
  const deps = opts.deps ?? defaultKillDeps;
  const graceMs = opts.graceMs ?? 1000;
  const pollMs = opts.pollMs ?? 50;
  const send = (sig: NodeJS.Signals): 'sent' | KillOutcome => {
    try {
      deps.signal(pid, sig);
      return 'sent';
    } catch (error) {
      if (errnoCode(error) === 'ESRCH') return 'already-gone';
      if (errnoCode(error) === 'EPERM') return 'not-permitted';
      throw error;
    }
  };
  const waitGone = async (ms: number): Promise<boolean> => {
    for (let waited = 0; waited < ms; waited += pollMs) {
      if (!(await deps.isAlive(pid))) return true;
      await deps.sleep(pollMs);
    }
    return !(await deps.isAlive(pid));
  };

  const term = send('SIGTERM');
  if (term !== 'sent') return term;
  if (await waitGone(graceMs)) return 'terminated';
  const kill = send('SIGKILL');
  if (kill === 'already-gone') return 'terminated';
  if (kill !== 'sent') return kill;
  return (await waitGone(graceMs)) ? 'killed' : 'still-running';
}
