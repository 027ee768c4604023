import { describe, expect, it } from 'vitest';
import { terminateProcess, type KillDeps } from '../../../../../electron/core/lockdown/killProcess.js';

function errno(code: string): Error {
  return Object.assign(new Error(code), { code });
}

/** A process that exits `exitsAfter` ms after the given signal (never, when absent). */
function fakeProcess(behaviour: { onTerm?: number; onKill?: number; signalError?: string }) {
  const signals: string[] = [];
  let t = 0;
  let diesAt = Infinity;
  const deps: KillDeps = {
    signal(_pid, signal) {
      if (behaviour.signalError) throw errno(behaviour.signalError);
      signals.push(String(signal));
      const after = signal === 'SIGTERM' ? behaviour.onTerm : behaviour.onKill;
      if (after !== undefined) diesAt = Math.min(diesAt, t + after);
    },
    isAlive: async () => t < diesAt,
    sleep: async (ms) => void (t += ms),
  };
  return { deps, signals };
}

describe('terminateProcess', () => {
  it('stops a process with SIGTERM when it obeys', async () => {
    const p = fakeProcess({ onTerm: 120 });
    expect(await terminateProcess(1, { deps: p.deps })).toBe('terminated');
    expect(p.signals).toEqual(['SIGTERM']);
  });

  it('escalates to SIGKILL after the grace period', async () => {
    const p = fakeProcess({ onKill: 0 });
    expect(await terminateProcess(1, { deps: p.deps, graceMs: 500 })).toBe('killed');
    expect(p.signals).toEqual(['SIGTERM', 'SIGKILL']);
  });

  it('says when the process was already gone or not ours', async () => {
    expect(await terminateProcess(1, { deps: fakeProcess({ signalError: 'ESRCH' }).deps })).toBe('already-gone');
    expect(await terminateProcess(1, { deps: fakeProcess({ signalError: 'EPERM' }).deps })).toBe('not-permitted');
  });

  it('reports a process that survives SIGKILL (uninterruptible sleep)', async () => {
    expect(await terminateProcess(1, { deps: fakeProcess({}).deps, graceMs: 200 })).toBe('still-running');
  });
});
