import { describe, expect, it } from 'vitest';
import { quitDecision, type QuitInput } from '../../../../../electron/core/lockdown/quitDecision.js';

const base: QuitInput = { state: 'in-progress', allowQuit: false, passwordOk: false };

describe('quitDecision', () => {
  it.each([
    [{ state: null }, true, 'no-exam-running'],
    [{ state: 'preflight' }, true, 'no-exam-running'],
    [{ state: 'ready' }, true, 'no-exam-running'],
    [{ state: 'in-progress' }, false, 'exam-running'],
    [{ state: 'paused' }, false, 'exam-running'],
    [{ state: 'locked' }, false, 'exam-running'],
    [{ state: 'submitted' }, true, 'submitted'],
    [{ state: 'sealed' }, true, 'submitted'],
    [{ state: 'synced' }, true, 'submitted'],
    [{ passwordOk: true }, true, 'password'],
    [{ allowQuit: true }, true, 'proctor'],
    [{ practice: true }, true, 'practice'],
    [{ systemShutdown: true }, true, 'system-shutdown'],
  ] as Array<[Partial<QuitInput>, boolean, string]>)('%o -> allow %s (%s)', (change, allow, reason) => {
    const decision = quitDecision({ ...base, ...change });
    expect(decision.allow).toBe(allow);
    expect(decision.reason).toBe(reason);
  });

  it('journals a refused quit as a warning and an allowed quit mid-exam as info', () => {
    expect(quitDecision(base).violation).toMatchObject({ kind: 'quit-attempt', severity: 'warning', allowed: false });
    expect(quitDecision({ ...base, passwordOk: true }).violation).toMatchObject({ kind: 'quit-attempt', severity: 'info', allowed: true, by: 'password' });
    expect(quitDecision({ ...base, state: 'sealed' }).violation).toBeNull();
  });
});
