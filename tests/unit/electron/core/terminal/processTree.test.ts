import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { descendantsOf, hasEnvMarker, isGone, parseProcStat, type ProcEntry } from '../../../../../electron/core/terminal/processTree.js';

describe('parseProcStat', () => {
  it('reads pid, state, ppid, pgid and start time even when the command name has spaces and parens', () => {
    const line = '4242 (we ird) (name)) S 17 4242 4242 34816 4242 4194560 100 0 0 0 0 0 0 0 20 0 1 0 987654 8192 100 ...';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 17, pgid: 4242, state: 'S', startTime: 987654 });
  });

  it('returns null for text that is not a stat line', () => {
    expect(parseProcStat('garbage')).toBeNull();
  });
});

describe('descendantsOf', () => {
  const p = (pid: number, ppid: number): ProcEntry => ({ pid, ppid, pgid: pid, state: 'S', startTime: 1 });
  it('finds children, grandchildren and deeper, but not siblings or the root', () => {
    const table = [p(1, 0), p(10, 1), p(11, 10), p(12, 10), p(13, 12), p(20, 1), p(21, 20)];
    expect(descendantsOf(table, 10).sort()).toEqual([11, 12, 13]);
    expect(descendantsOf(table, 13)).toEqual([]);
  });
});

describe.runIf(process.platform === 'linux')('on Linux /proc', () => {
  it('finds a process by its environment marker and sees it gone after it ends', async () => {
    const child = spawn('sleep', ['30'], { env: { PATH: process.env.PATH ?? '/usr/bin', VIGIL_TERMINAL: 'unit-marker' } });
    const pid = child.pid as number;
    expect(hasEnvMarker(pid, 'VIGIL_TERMINAL', 'unit-marker')).toBe(true);
    expect(hasEnvMarker(pid, 'VIGIL_TERMINAL', 'unit-marke')).toBe(false);
    expect(hasEnvMarker(process.pid, 'VIGIL_TERMINAL', 'unit-marker')).toBe(false);
    expect(isGone(pid)).toBe(false);
    const closed = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await closed;
    expect(isGone(pid)).toBe(true);
  });
});
