import { describe, expect, it } from 'vitest';
import { INITIAL_SUSPEND_STATE, suspendStep } from '../../../../../electron/core/lockdown/suspendResume.js';

describe('suspend/resume', () => {
  it('reports the sleep on resume with its wall-clock duration', () => {
    const a = suspendStep(INITIAL_SUSPEND_STATE, { type: 'suspend', wallAt: Date.UTC(2026, 0, 1, 9, 0, 0) });
    expect(a.violation).toBeNull();
    const b = suspendStep(a.state, { type: 'resume', wallAt: Date.UTC(2026, 0, 1, 9, 12, 30) });
    expect(b.violation).toMatchObject({ kind: 'suspend-resume', severity: 'warning', durationMs: 750_000, detail: expect.stringContaining('12 min 30 s') });
    expect(b.state).toEqual(INITIAL_SUSPEND_STATE);
  });

  it('still reports a resume whose suspend was missed', () => {
    expect(suspendStep(INITIAL_SUSPEND_STATE, { type: 'resume', wallAt: 5 }).violation).toMatchObject({ kind: 'suspend-resume', durationMs: null });
  });
});
