import { describe, expect, it } from 'vitest';
import { ATTEMPT_STATES, type AttemptState } from '../../../../../shared/lifecycle.js';
import { attemptInProgress, IDLE, updateGate, type UpdateAction } from '../../../../../electron/core/update/updatePolicy.js';

const ACTIONS: UpdateAction[] = ['check', 'download', 'install'];
const IN_PROGRESS: AttemptState[] = ['checked-in', 'preflight', 'ready', 'in-progress', 'paused', 'locked', 'submitted'];

describe('updateGate', () => {
  it('allows everything with no attempt on the machine', () => {
    for (const action of ACTIONS) expect(updateGate(action, IDLE)).toEqual({ allowed: true });
  });

  it('allows nothing from check-in to submit, in either mode, and says why', () => {
    for (const state of IN_PROGRESS) {
      for (const mode of ['proctored', 'practice'] as const) {
        for (const action of ACTIONS) {
          expect(updateGate(action, { attempt: { state, mode } })).toEqual({ allowed: false, reason: `an attempt is ${state}` });
        }
      }
    }
  });

  it('lets a sealed proctored attempt check and download, but not install before the result is synced', () => {
    const sealed = { attempt: { state: 'sealed' as const, mode: 'proctored' as const } };
    expect(updateGate('check', sealed).allowed).toBe(true);
    expect(updateGate('download', sealed).allowed).toBe(true);
    expect(updateGate('install', sealed)).toEqual({ allowed: false, reason: 'the sealed result has not reached the hub yet' });
    expect(updateGate('install', { attempt: { state: 'synced', mode: 'proctored' } }).allowed).toBe(true);
  });

  it('installs on quit once a practice attempt is sealed (practice results never sync)', () => {
    expect(updateGate('install', { attempt: { state: 'sealed', mode: 'practice' } }).allowed).toBe(true);
  });

  it('classifies every attempt state', () => {
    const inProgress = ATTEMPT_STATES.filter((state) => attemptInProgress({ attempt: { state, mode: 'proctored' } }));
    expect(inProgress).toEqual(IN_PROGRESS);
    expect(attemptInProgress(IDLE)).toBe(false);
  });
});
