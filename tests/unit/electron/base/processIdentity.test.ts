import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isPidRunning, isProcessAlive, ownIdentity, processStartTicks } from '../../../../electron/base/processIdentity.js';

/** The pid of a process that has already exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid as number;
}

describe('process identity', () => {
  it('sees this process as alive', () => {
    expect(isProcessAlive(ownIdentity())).toBe(true);
    expect(isPidRunning(process.pid)).toBe(true);
  });

  it('sees an exited process as gone', () => {
    const pid = deadPid();
    expect(isPidRunning(pid)).toBe(false);
    expect(isProcessAlive({ ...ownIdentity(), pid, startTicks: null })).toBe(false);
    expect(isPidRunning(-1)).toBe(false);
  });

  it('sees a holder from another boot as gone, even if its pid is in use now', () => {
    const me = ownIdentity();
    if (me.bootId !== null) expect(isProcessAlive({ ...me, bootId: '00000000-0000-0000-0000-000000000000' })).toBe(false);
    expect(isProcessAlive({ ...me, bootId: null, bootTimeMs: me.bootTimeMs - 3_600_000 })).toBe(false);
    expect(isProcessAlive({ ...me, bootId: null })).toBe(true);
  });

  it.runIf(process.platform === 'linux')('sees a reused pid (different start time) as a different process', () => {
    const me = ownIdentity();
    expect(me.startTicks).toBe(processStartTicks(process.pid));
    expect(isProcessAlive({ ...me, startTicks: '1' })).toBe(false);
  });
});
