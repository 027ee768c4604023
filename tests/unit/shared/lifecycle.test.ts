import { describe, expect, it } from 'vitest';
import {
  ATTEMPT_STATES,
  acceptsAnswers,
  attemptStateSchema,
  canTransition,
  checkSubmit,
  isFinished,
  isUnderway,
  nextStates,
  submitReasonSchema,
  transition,
  type AttemptState,
} from '../../../shared/lifecycle.js';
import { apiErrorSchema } from '../../../shared/errors.js';

/** The expected graph, written out pair by pair so a change to the table must change this too. */
const EXPECTED = new Set<string>([
  'checked-in>preflight',
  'preflight>ready',
  'ready>in-progress',
  'in-progress>paused',
  'in-progress>locked',
  'in-progress>submitted',
  'paused>in-progress',
  'paused>locked',
  'paused>submitted',
  'locked>in-progress',
  'locked>paused',
  'locked>submitted',
  'submitted>sealed',
  'sealed>synced',
]);

const pairs: Array<[AttemptState, AttemptState]> = ATTEMPT_STATES.flatMap((from) => ATTEMPT_STATES.map((to): [AttemptState, AttemptState] => [from, to]));

describe('attempt lifecycle', () => {
  it('has the nine states of DESIGN 5 in order', () => {
    expect(attemptStateSchema.options).toEqual(['checked-in', 'preflight', 'ready', 'in-progress', 'paused', 'locked', 'submitted', 'sealed', 'synced']);
    expect(attemptStateSchema.safeParse('started').success).toBe(false);
  });

  it.each(pairs)('%s -> %s follows the table', (from, to) => {
    const allowed = EXPECTED.has(`${from}>${to}`);
    expect(canTransition(from, to)).toBe(allowed);
    expect(nextStates(from).includes(to)).toBe(allowed);
    const outcome = transition(from, to);
    if (allowed) {
      expect(outcome).toEqual({ ok: true });
    } else {
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.error.code).toBe('invalid-state');
      expect(apiErrorSchema.safeParse(outcome.error).success).toBe(true);
      expect(outcome.error.message).toContain(from);
    }
  });

  it('never allows a self-transition or leaving synced', () => {
    for (const s of ATTEMPT_STATES) expect(canTransition(s, s)).toBe(false);
    expect(nextStates('synced')).toEqual([]);
    const out = transition('synced', 'in-progress');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/no further state change/);
  });

  it('names the allowed next states in the error', () => {
    const out = transition('ready', 'submitted');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.details).toEqual({ from: 'ready', to: 'submitted', allowed: ['in-progress'] });
  });

  it('reaches synced from checked-in along the main path', () => {
    const path: AttemptState[] = ['checked-in', 'preflight', 'ready', 'in-progress', 'paused', 'locked', 'in-progress', 'submitted', 'sealed', 'synced'];
    for (let i = 1; i < path.length; i++) expect(transition(path[i - 1]!, path[i]!)).toEqual({ ok: true });
  });

  it('lets only a working candidate submit; time-up and proctor submit from any underway state', () => {
    expect(submitReasonSchema.options).toEqual(['candidate', 'time-up', 'proctor']);
    for (const from of ATTEMPT_STATES) {
      for (const reason of submitReasonSchema.options) {
        const expected = reason === 'candidate' ? from === 'in-progress' : isUnderway(from);
        const out = checkSubmit(from, reason);
        expect(out.ok, `${reason} from ${from}`).toBe(expected);
        if (!out.ok) expect(out.error.code).toBe('invalid-state');
      }
    }
  });

  it('classifies states', () => {
    expect(ATTEMPT_STATES.filter(acceptsAnswers)).toEqual(['in-progress']);
    expect(ATTEMPT_STATES.filter(isFinished)).toEqual(['submitted', 'sealed', 'synced']);
    expect(ATTEMPT_STATES.filter(isUnderway)).toEqual(['in-progress', 'paused', 'locked']);
  });
});
