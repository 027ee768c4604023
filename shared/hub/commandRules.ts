import type { AttemptState } from '../lifecycle.js';
import type { CommandType } from './commands.js';

/**
 * Which proctor commands make sense in which attempt state: one pure table the hub enforces
 * (409 with the reason) and the dashboard reads (it offers only valid commands). The state is
 * the one the proctor is acting on: the attempt's last known state with the commands still on
 * their way applied (`projectedState`), so "pause" then "resume" can be sent back to back.
 *
 * The table mirrors what the candidate's app does with each command (proctorCommands.ts): a
 * pause from in-progress or locked, a lock while under way (again: a new message), resume only from paused,
 * unlock only from locked, force-submit while the exam is under way, time only once it started,
 * pre-flight overrides only before the candidate is ready. After submit nothing is accepted.
 */

const BEFORE_START: readonly AttemptState[] = ['checked-in', 'preflight', 'ready'];
const UNDERWAY: readonly AttemptState[] = ['in-progress', 'paused', 'locked'];
const FINISHED: readonly AttemptState[] = ['submitted', 'sealed', 'synced'];

const VALID_IN: Readonly<Record<CommandType, { states: readonly AttemptState[]; otherwise: string }>> = {
  'add-time': { states: UNDERWAY, otherwise: 'time can be added once the exam has started' },
  pause: { states: ['in-progress', 'locked'], otherwise: 'only an exam in progress (or locked) can be paused' },
  resume: { states: ['paused'], otherwise: 'the exam is not paused' },
  // Locking a locked exam again replaces the message on its lock screen.
  lock: { states: UNDERWAY, otherwise: 'only an exam under way can be locked' },
  unlock: { states: ['locked'], otherwise: 'the exam is not locked' },
  message: { states: [...BEFORE_START, ...UNDERWAY], otherwise: 'the candidate has no exam open' },
  'force-submit': { states: UNDERWAY, otherwise: 'only an exam under way can be submitted' },
  'allow-quit': { states: [...BEFORE_START, ...UNDERWAY], otherwise: 'the candidate has no exam open' },
  'override-preflight': { states: ['checked-in', 'preflight'], otherwise: 'pre-flight checks can only be waived before the candidate is ready' },
};

/** Why `type` is refused in `state`, or null when it is valid. */
export function commandRefusal(type: CommandType, state: AttemptState): string | null {
  if (FINISHED.includes(state)) return `the attempt is ${state}: commands no longer reach it`;
  const rule = VALID_IN[type];
  return rule.states.includes(state) ? null : `${type} is not possible while the attempt is ${state}: ${rule.otherwise}`;
}

/** The commands valid in `state`, in the order given. */
export function validCommands<T extends CommandType>(types: readonly T[], state: AttemptState): T[] {
  return types.filter((type) => commandRefusal(type, state) === null);
}

/**
 * The state the attempt will be in once `pending` (sent, not yet acknowledged, oldest first) are
 * carried out, by the same steps the candidate's app takes; a command that would do nothing there
 * changes nothing here. An unlock returns to the state the lock interrupted.
 */
export function projectedState(state: AttemptState, pending: ReadonlyArray<{ type: CommandType }>): AttemptState {
  let current = state;
  let beforeLock: AttemptState = 'in-progress';
  for (const { type } of pending) {
    if (commandRefusal(type, current) !== null) continue;
    if (type === 'pause') current = 'paused';
    else if (type === 'resume') current = 'in-progress';
    else if (type === 'lock') {
      if (current !== 'locked') beforeLock = current;
      current = 'locked';
    } else if (type === 'unlock') current = beforeLock;
    else if (type === 'force-submit') current = 'submitted';
  }
  return current;
}
