import type { AttemptState } from '../../../shared/lifecycle.js';
import { violation, type LockdownViolation } from './violation.js';

/** States in which the exam is running: quitting needs the password or a proctor (DESIGN 6). */
const GUARDED_STATES: ReadonlySet<AttemptState> = new Set(['in-progress', 'paused', 'locked']);

export interface QuitInput {
  /** The current attempt's state, or null when no attempt is open. */
  state: AttemptState | null;
  /** A proctor allowed this candidate to quit (hub command `allow-quit`). */
  allowQuit: boolean;
  /** The candidate entered the exam's quit password and it verified. */
  passwordOk: boolean;
  /** Practice exams run on the candidate's own computer: quitting is theirs to decide. */
  practice?: boolean;
  /** The operating system is shutting down or logging out: it will end the app whatever we do. */
  systemShutdown?: boolean;
}

export type QuitReason = 'no-exam-running' | 'submitted' | 'password' | 'proctor' | 'practice' | 'system-shutdown' | 'exam-running';

export interface QuitDecision {
  allow: boolean;
  reason: QuitReason;
  /** What to journal: a refused quit is a warning; an allowed quit mid-exam is recorded as info. */
  violation: LockdownViolation | null;
}

/**
 * Whether the app may quit now. Before the exam starts and after it is submitted quitting is free;
 * while it runs only the quit password, a proctor's allow-quit, a practice exam or the OS shutting
 * down let it go, and every quit attempt during the exam is journaled either way.
 */
export function quitDecision(input: QuitInput): QuitDecision {
  const { state } = input;
  if (state === null || !GUARDED_STATES.has(state)) {
    const reason: QuitReason = state === 'submitted' || state === 'sealed' || state === 'synced' ? 'submitted' : 'no-exam-running';
    return { allow: true, reason, violation: null };
  }
  const allowedBy: 'system-shutdown' | 'proctor' | 'password' | 'practice' | null = input.systemShutdown ? 'system-shutdown' : input.allowQuit ? 'proctor' : input.passwordOk ? 'password' : input.practice ? 'practice' : null;
  if (allowedBy) {
    const how = { 'system-shutdown': 'the operating system shut down or logged out', proctor: 'a proctor allowed it', password: 'the quit password was entered', practice: 'practice exam' }[allowedBy];
    return { allow: true, reason: allowedBy, violation: violation('quit-attempt', 'info', `The app quit during the exam (${state}): ${how}.`, { allowed: true, by: allowedBy }) };
  }
  return {
    allow: false,
    reason: 'exam-running',
    violation: violation('quit-attempt', 'warning', `Tried to quit during the exam (${state}); refused: it needs the quit password or a proctor's permission.`, { allowed: false }),
  };
}
