import { describe, expect, it } from 'vitest';
import { isUpdateStep, stepUpdate, UPDATE_PHASES, type UpdatePhase } from '../../../../../electron/core/update/updateMachine.js';
import { IDLE, type UpdateActivity } from '../../../../../electron/core/update/updatePolicy.js';

const inProgress: UpdateActivity = { attempt: { state: 'in-progress', mode: 'proctored' } };
const sealedProctored: UpdateActivity = { attempt: { state: 'sealed', mode: 'proctored' } };

describe('update machine', () => {
  it('walks idle -> checking -> available -> downloading -> downloaded -> install-on-quit when idle', () => {
    const path: UpdatePhase[] = ['idle', 'checking', 'available', 'downloading', 'downloaded', 'install-on-quit'];
    for (let i = 1; i < path.length; i++) expect(stepUpdate(path[i - 1]!, path[i]!, IDLE)).toEqual({ ok: true });
  });

  it('refuses skipping a phase and self-steps', () => {
    expect(stepUpdate('idle', 'downloading', IDLE).ok).toBe(false);
    expect(stepUpdate('available', 'install-on-quit', IDLE).ok).toBe(false);
    for (const phase of UPDATE_PHASES) expect(isUpdateStep(phase, phase)).toBe(false);
  });

  it('gates every forward step on the policy while an attempt is in progress', () => {
    expect(stepUpdate('idle', 'checking', inProgress)).toEqual({ ok: false, reason: 'check postponed: an attempt is in-progress' });
    expect(stepUpdate('available', 'downloading', inProgress)).toEqual({ ok: false, reason: 'download postponed: an attempt is in-progress' });
    expect(stepUpdate('downloaded', 'install-on-quit', inProgress)).toEqual({ ok: false, reason: 'install postponed: an attempt is in-progress' });
  });

  it('always allows the steps back, which stop something', () => {
    for (const [from, to] of [
      ['checking', 'idle'],
      ['downloading', 'available'],
      ['downloading', 'idle'],
      ['install-on-quit', 'downloaded'],
    ] as const) {
      expect(stepUpdate(from, to, inProgress)).toEqual({ ok: true });
    }
  });

  it('holds install-on-quit for an unsynced proctored result, and the download too where a download arms the install', () => {
    expect(stepUpdate('downloaded', 'install-on-quit', sealedProctored).ok).toBe(false);
    expect(stepUpdate('available', 'downloading', sealedProctored)).toEqual({ ok: true });
    expect(stepUpdate('available', 'downloading', sealedProctored, { downloadArmsInstall: true })).toEqual({
      ok: false,
      reason: 'install postponed: the sealed result has not reached the hub yet',
    });
  });
});
