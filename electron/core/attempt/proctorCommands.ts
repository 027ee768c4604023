import { randomUUID } from 'node:crypto';
import type { JournalEntry } from '../../../shared/journal.js';
import type { HubCommand } from '../../../shared/hub/commands.js';
import { VigilError } from '../../../shared/errors.js';
import type { AttemptState } from '../../../shared/lifecycle.js';
import type { EventBus } from '../api/eventBus.js';
import type { AttemptStore } from '../store/attemptStore.js';
import { LIVE_STATES } from './attemptStates.js';
import type { ExamTimer } from './timer.js';

/** What a command acts on: the open attempt, as the attempt service holds it. */
export interface CommandTarget {
  store: AttemptStore;
  timer: ExamTimer | null;
  transitionTo(to: AttemptState, reason: string): Promise<void>;
  /** A proctor's force-submit: submits with reason `proctor` and seals. */
  forceSubmit(): Promise<void>;
}

export interface ProctorCommandsDeps {
  bus: EventBus;
  /** A proctor's allow-quit: the desktop app lets the candidate quit. */
  onAllowQuit?: () => void;
}

/**
 * The proctor's commands from the hub (and the policy's own lock). Holds what the commands leave
 * behind outside the journal: the lock message on screen and the pre-flight checks a proctor waived.
 */
export class ProctorCommands {
  private lockMessage: string | null = null;
  /** Pre-flight checks a proctor waived (override-preflight commands). */
  private overrides: string[] = [];

  constructor(private readonly deps: ProctorCommandsDeps) {}

  preflightOverrides(): readonly string[] {
    return this.overrides;
  }

  /** The attempt is closed: what a proctor waived or said for it must not carry over to the next candidate. */
  reset(): void {
    this.lockMessage = null;
    this.overrides = [];
  }

  /**
   * Carries out a command. Every command is journaled as a `command` entry whose data is the
   * command as received, before it takes effect. Resolves false for a command already carried out.
   */
  async apply(command: HubCommand, target: CommandTarget): Promise<boolean> {
    const { store } = target;
    // The hub may deliver a command again after a restart; one already journaled is done.
    if (store.entries().some((e) => e.type === 'command' && (e.data as { id?: string }).id === command.id)) return false;
    await store.appendEntry('command', { ...command });
    const state = store.view().state;
    switch (command.type) {
      case 'add-time':
        if (!target.timer) throw new VigilError('invalid-state', 'add-time: the exam has not started');
        target.timer.addTime(command.minutes);
        await store.appendEntry('timer', target.timer.checkpoint());
        this.deps.bus.emit('notice', { level: 'info', text: `Your proctor added ${command.minutes} minute${command.minutes === 1 ? '' : 's'}.` });
        break;
      case 'pause':
        if (state === 'in-progress' || state === 'locked') await target.transitionTo('paused', command.reason || 'proctor-pause');
        break;
      case 'resume':
        if (state === 'paused') await target.transitionTo('in-progress', 'proctor-resume');
        break;
      case 'lock':
        this.lockMessage = command.message || 'Your proctor has locked the exam.';
        if (state === 'in-progress' || state === 'paused') await target.transitionTo('locked', 'proctor-lock');
        break;
      case 'unlock':
        if (state === 'locked') await target.transitionTo(stateBeforeLock(store.entries()), 'proctor-unlock');
        this.lockMessage = null;
        break;
      case 'message':
        this.deps.bus.emit('notice', { level: 'info', text: command.text });
        break;
      case 'force-submit':
        if (LIVE_STATES.has(state)) await target.forceSubmit();
        break;
      case 'allow-quit':
        this.deps.onAllowQuit?.();
        break;
      case 'override-preflight':
        this.overrides = [...new Set([...this.overrides, ...command.checks])];
        break;
    }
    return true;
  }

  /** The message of the lock in force; after a restart it comes back from the journal's last lock command. */
  lockMessageOf(store: AttemptStore): string | null {
    return this.lockMessage ?? lastLockMessage(store.entries());
  }

  /** The reason of the pause in force (the journal's last pause command), null when none was given. */
  pauseReasonOf(store: AttemptStore): string | null {
    return lastCommandText(store.entries(), 'pause', 'reason') || null;
  }
}

/** The policy's own lock (focus loss with `focusLoss: lock`): the same as a proctor's, issued by the app. */
export function policyLockCommand(reason: string, wallNow: number): HubCommand {
  return { id: `local-${randomUUID()}`, type: 'lock', message: `The exam was locked: ${reason}. Ask your proctor to unlock it.`, issuedBy: 'policy', issuedAt: new Date(wallNow).toISOString() };
}

/** The state the last lock interrupted, where an unlock returns to. */
export function stateBeforeLock(entries: readonly JournalEntry[]): AttemptState {
  for (let i = entries.length - 1; i >= 0; i--) {
    const data = entries[i]?.data as { from?: AttemptState; to?: AttemptState } | undefined;
    if (entries[i]?.type === 'state' && data?.to === 'locked' && data.from && data.from !== 'locked') return data.from;
  }
  return 'in-progress';
}

/** The message of the journal's last lock command, or null. */
export function lastLockMessage(entries: readonly JournalEntry[]): string | null {
  return lastCommandText(entries, 'lock', 'message');
}

/** A text field of the journal's last command of `type`, or null when there is none. */
function lastCommandText(entries: readonly JournalEntry[], type: HubCommand['type'], field: 'message' | 'reason'): string | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const data = entries[i]?.data as { type?: string; message?: string; reason?: string } | undefined;
    if (entries[i]?.type === 'command' && data?.type === type) return data[field] ?? null;
  }
  return null;
}
