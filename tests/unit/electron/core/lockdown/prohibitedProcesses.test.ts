import { describe, expect, it } from 'vitest';
import { matchProhibited, newMatches, prohibitedProcessViolation } from '../../../../../electron/core/lockdown/prohibitedProcesses.js';

const processes = [
  { pid: 10, names: ['obs'] },
  { pid: 11, names: ['obs64'] },
  { pid: 12, names: ['code', 'electron'] },
  { pid: 13, names: ['anydesk'] },
  { pid: 14, names: ['teamviewer_desk'] },
  { pid: 15, names: ['verylongprocess'] },
];

describe('matchProhibited', () => {
  it('matches whole executable names, case-insensitively, ignoring .exe', () => {
    expect(matchProhibited(processes, ['OBS', 'AnyDesk.exe'])).toEqual([
      { pid: 10, name: 'obs', entry: 'OBS' },
      { pid: 13, name: 'anydesk', entry: 'AnyDesk.exe' },
    ]);
  });

  it('does not match substrings: "obs" is not obs64 nor teamviewer_desk', () => {
    expect(matchProhibited(processes, ['desk', 'view', 'ob']).map((m) => m.pid)).toEqual([]);
  });

  it('matches a long entry against a name the Linux kernel cut to 15 characters', () => {
    expect(matchProhibited(processes, ['verylongprocessname'])).toEqual([{ pid: 15, name: 'verylongprocess', entry: 'verylongprocessname' }]);
  });

  it('skips ignored pids (the app itself)', () => {
    expect(matchProhibited(processes, ['obs'], { ignorePids: new Set([10]) })).toEqual([]);
  });
});

describe('prohibited-process violations', () => {
  const match = { pid: 13, name: 'anydesk', entry: 'anydesk' };
  it('warns under report and is critical with the outcome under block', () => {
    expect(prohibitedProcessViolation(match, 'report')).toMatchObject({ kind: 'prohibited-process', severity: 'warning', pid: 13 });
    expect(prohibitedProcessViolation(match, 'block', 'terminated')).toMatchObject({ severity: 'critical', outcome: 'terminated', detail: expect.stringContaining('was stopped') });
    expect(prohibitedProcessViolation(match, 'block', 'not-permitted').detail).toContain('could not be stopped');
  });

  it('reports a running process once, and again when it is started anew', () => {
    const first = newMatches(new Set(), [match]);
    expect(first.fresh).toEqual([match]);
    expect(newMatches(first.reported, [match]).fresh).toEqual([]);
    const gone = newMatches(first.reported, []);
    expect(newMatches(gone.reported, [match]).fresh).toEqual([match]);
    expect(newMatches(first.reported, [{ ...match, pid: 99 }]).fresh).toHaveLength(1);
  });
});
