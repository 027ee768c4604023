import { z } from 'zod';
import type { ApiError } from './errors.js';

/**
 * The attempt lifecycle (DESIGN 5):
 *
 *   checked-in -> preflight -> ready -> in-progress <-> paused | locked -> submitted -> sealed -> synced
 *
 * Decisions the design leaves open, settled here:
 * - Pre-flight is never skipped, not even in practice mode: `checked-in -> preflight -> ready` always
 *   happens, the UI may simply pass through it quickly. One path keeps the journal uniform.
 * - `paused <-> locked` is allowed directly. A proctor may lock a paused candidate (or a focus-loss
 *   lock may fire during a pause) and pause a locked one; forcing a detour through `in-progress` would
 *   hand the candidate working time neither the proctor nor the policy granted. Leaving `locked`
 *   returns to whichever state the attempt service remembers from before the lock.
 * - `submitted` is reachable from `in-progress`, `paused` and `locked` only (a proctor force-submit or
 *   time-up must work whatever the candidate is doing); an exam that has not started cannot be
 *   submitted. Which *reason* may submit from which state is `checkSubmit`.
 * - `sealed` follows `submitted` only; `synced` follows `sealed` only (practice attempts stop at
 *   `sealed`). No state ever moves backwards and no state transitions to itself.
 */
export const ATTEMPT_STATES = ['checked-in', 'preflight', 'ready', 'in-progress', 'paused', 'locked', 'submitted', 'sealed', 'synced'] as const;

export const attemptStateSchema = z.enum(ATTEMPT_STATES);
export type AttemptState = z.infer<typeof attemptStateSchema>;

/** Why an attempt was submitted; recorded in the `state` journal entry and the signed result. */
export const submitReasonSchema = z.enum(['candidate', 'time-up', 'proctor']);
export type SubmitReason = z.infer<typeof submitReasonSchema>;

const ALLOWED: Readonly<Record<AttemptState, readonly AttemptState[]>> = {
  'checked-in': ['preflight'],
  preflight: ['ready'],
  ready: ['in-progress'],
  'in-progress': ['paused', 'locked', 'submitted'],
  paused: ['in-progress', 'locked', 'submitted'],
  locked: ['in-progress', 'paused', 'submitted'],
  submitted: ['sealed'],
  sealed: ['synced'],
  synced: [],
};

/** The states reachable in one step from `from`. */
export function nextStates(from: AttemptState): readonly AttemptState[] {
  return ALLOWED[from];
}

export function canTransition(from: AttemptState, to: AttemptState): boolean {
  return ALLOWED[from].includes(to);
}

export type TransitionOutcome = { ok: true } | { ok: false; error: ApiError & { code: 'invalid-state' } };

/** Checks one step; the failure is data the caller can hand to any transport as is. */
export function transition(from: AttemptState, to: AttemptState): TransitionOutcome {
  if (canTransition(from, to)) return { ok: true };
  const allowed = ALLOWED[from];
  return {
    ok: false,
    error: {
      code: 'invalid-state',
      message:
        allowed.length === 0
          ? `the attempt is ${from}: no further state change is possible`
          : `the attempt cannot go from ${from} to ${to}; from ${from} it can go to ${allowed.join(', ')}`,
      details: { from, to, allowed: [...allowed] },
    },
  };
}

/**
 * Who may submit from where. A candidate submits only while working (`in-progress`): a paused or
 * locked screen offers no submit button, so a candidate request then is stale or forged. Time-up and
 * a proctor's force-submit work from `in-progress`, `paused` and `locked` (the clock keeps
 * running while locked; a proctor may end a paused attempt).
 */
export function checkSubmit(from: AttemptState, reason: SubmitReason): TransitionOutcome {
  const step = transition(from, 'submitted');
  if (!step.ok) return step;
  if (reason === 'candidate' && from !== 'in-progress') {
    return {
      ok: false,
      error: {
        code: 'invalid-state',
        message: `the attempt is ${from}: a candidate can only submit while the exam is in progress`,
        details: { from, to: 'submitted', reason },
      },
    };
  }
  return { ok: true };
}

/** The only state in which answers, flags and terminal input are accepted. */
export function acceptsAnswers(state: AttemptState): boolean {
  return state === 'in-progress';
}

/** The exam is over for the candidate: nothing they do changes the result any more. */
export function isFinished(state: AttemptState): boolean {
  return state === 'submitted' || state === 'sealed' || state === 'synced';
}

/** The exam has begun and is not over: the timer exists and the lockdown is on. */
export function isUnderway(state: AttemptState): boolean {
  return state === 'in-progress' || state === 'paused' || state === 'locked';
}
