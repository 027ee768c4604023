import { acceptsAnswers, isFinished, isUnderway, type AttemptState } from '../../../shared/lifecycle.js';
import type { AttemptStore } from '../store/attemptStore.js';

/** What a shell freeze needs of the terminals: stop and continue every shell's process tree. */
export interface FreezableShells {
  stopAll(): Promise<Array<{ itemId: string; pids: number[] }>>;
  continueAll(): Promise<Array<{ itemId: string; pids: number[] }>>;
}

/** The data of the `terminal` journal entry that records a freeze or a thaw. */
export interface ShellFreezeEntry {
  action: 'processes-stopped' | 'processes-continued';
  /** The attempt state that caused it. */
  state: AttemptState;
  shells: Array<{ itemId: string; pids: number[] }>;
}

/**
 * Shells run exactly while the attempt accepts answers (DESIGN 7): leaving `in-progress` for a
 * pause, a lock (or any later state that holds the exam) SIGSTOPs every process of every shell, so
 * a background job cannot keep writing the workspace; coming back continues them. Finishing
 * (submit) kills the shells elsewhere, so it is no freeze. Each freeze and thaw is journaled as a
 * `terminal` entry when there was a shell to act on.
 */
export async function freezeShellsOnTransition(from: AttemptState, to: AttemptState, shells: FreezableShells, store: AttemptStore): Promise<ShellFreezeEntry | null> {
  let entry: ShellFreezeEntry | null = null;
  if (acceptsAnswers(from) && !acceptsAnswers(to) && !isFinished(to)) {
    entry = { action: 'processes-stopped', state: to, shells: await shells.stopAll() };
  } else if (!acceptsAnswers(from) && isUnderway(from) && acceptsAnswers(to)) {
    entry = { action: 'processes-continued', state: to, shells: await shells.continueAll() };
  }
  if (!entry || entry.shells.length === 0) return null;
  await store.appendEntry('terminal', { ...entry });
  return entry;
}
