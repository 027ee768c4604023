import { describe, expect, it } from 'vitest';
import { focusStep, INITIAL_FOCUS_STATE, pendingFocusLoss, type FocusEvent, type FocusLossPolicy } from '../../../../../electron/core/lockdown/focusMonitor.js';

function run(events: FocusEvent[], policy: FocusLossPolicy) {
  let state = INITIAL_FOCUS_STATE;
  const out: Array<{ lock: boolean; violation: unknown }> = [];
  for (const event of events) {
    const step = focusStep(state, event, policy);
    state = step.state;
    out.push({ lock: step.lock, violation: step.violation });
  }
  return { state, out };
}

describe('focus monitor', () => {
  it('reports a focus loss on refocus, with how long it lasted', () => {
    const { out } = run([{ type: 'blur', at: 1000 }, { type: 'focus', at: 4250 }], 'report');
    expect(out[0]).toEqual({ lock: false, violation: null });
    expect(out[1]?.violation).toMatchObject({ kind: 'focus-loss', severity: 'warning', durationMs: 3250, detail: expect.stringContaining('3.3 s') });
  });

  it('locks at once under the lock policy and reports the loss as critical', () => {
    const { out } = run([{ type: 'blur', at: 0 }, { type: 'focus', at: 90_000 }], 'lock');
    expect(out[0]?.lock).toBe(true);
    expect(out[1]).toMatchObject({ lock: false, violation: { kind: 'focus-loss', severity: 'critical', durationMs: 90_000 } });
  });

  it('keeps the first blur and ignores a focus without a blur', () => {
    const { out } = run([{ type: 'focus', at: 5 }, { type: 'blur', at: 10 }, { type: 'blur', at: 500 }, { type: 'focus', at: 1010 }], 'lock');
    expect(out.map((o) => o.lock)).toEqual([false, true, false, false]);
    expect(out[0]?.violation).toBeNull();
    expect(out[3]?.violation).toMatchObject({ durationMs: 1000 });
  });

  it('reports a loss still open when monitoring stops', () => {
    const { state } = run([{ type: 'blur', at: 100 }], 'report');
    expect(pendingFocusLoss(state, 2100, 'report')).toMatchObject({ kind: 'focus-loss', durationMs: 2000 });
    expect(pendingFocusLoss(INITIAL_FOCUS_STATE, 2100, 'report')).toBeNull();
  });
});
