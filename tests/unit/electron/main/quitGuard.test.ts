import { describe, expect, it } from 'vitest';
import type { AttemptState } from '../../../../shared/lifecycle.js';
import { hashQuitPassword } from '../../../../electron/core/lockdown/quitPassword.js';
import type { LockdownViolation } from '../../../../electron/core/lockdown/violation.js';
import { installQuitGuard } from '../../../../electron/main/quitGuard.js';
import { createFakeApp, createFakeEmitter, createFakeWindow } from '../../../support/fakeElectron.js';

function setup(opts: { state?: AttemptState | null; quitPassword?: string | null; practice?: boolean } = {}) {
  let state: AttemptState | null = opts.state === undefined ? 'in-progress' : opts.state;
  const window = createFakeWindow();
  const app = createFakeApp(() => [window]);
  const powerMonitor = createFakeEmitter();
  const found: LockdownViolation[] = [];
  let refusedCount = 0;
  const guard = installQuitGuard({
    app,
    window,
    powerMonitor,
    getState: () => state,
    quitPassword: opts.quitPassword ?? null,
    practice: opts.practice ?? false,
    onViolation: (v) => found.push(v),
    onRefused: () => refusedCount++,
  });
  return { app, window, powerMonitor, guard, found, refused: () => refusedCount, setState: (s: AttemptState | null) => void (state = s) };
}

describe('quit guard', () => {
  it('refuses quitting the app and closing the window during the exam, and journals each try', () => {
    const s = setup();
    s.app.quit();
    expect(s.app.quitted).toBe(false);
    expect(s.window.emit('close').defaultPrevented).toBe(true);
    expect(s.found.map((v) => [v.kind, v.severity, v.allowed])).toEqual([
      ['quit-attempt', 'warning', false],
      ['quit-attempt', 'warning', false],
    ]);
    expect(s.refused()).toBe(2);
  });

  it('guards will-quit too, for quits that skip before-quit', () => {
    const s = setup();
    expect(s.app.emit('will-quit').defaultPrevented).toBe(true);
  });

  it('lets the app quit before the exam starts and after it is submitted', () => {
    const before = setup({ state: 'ready' });
    before.app.quit();
    expect(before.app.quitted).toBe(true);
    const after = setup();
    after.setState('submitted');
    after.app.quit();
    expect(after.app.quitted).toBe(true);
    expect(after.found).toEqual([]);
  });

  it('quits with the right password, once, and journals it as allowed', async () => {
    const s = setup({ quitPassword: await hashQuitPassword('let me out', { N: 1024 }) });
    expect(await s.guard.quitWithPassword('wrong')).toBe(false);
    expect(s.app.quitted).toBe(false);
    expect(await s.guard.quitWithPassword('let me out')).toBe(true);
    expect(s.app.quitted).toBe(true);
    expect(s.found.map((v) => [v.severity, v.allowed, v.wrongPassword ?? null, v.by ?? null])).toEqual([
      ['warning', false, true, null],
      ['info', true, null, 'password'],
    ]);
  });

  it('accepts no password when the exam has none', async () => {
    const s = setup({ quitPassword: null });
    expect(await s.guard.quitWithPassword('')).toBe(false);
    expect(s.found[0]?.detail).toContain('no quit password');
  });

  it('quits after the proctor allows it', () => {
    const s = setup();
    s.guard.allowQuit();
    s.app.quit();
    expect(s.app.quitted).toBe(true);
    expect(s.found).toEqual([expect.objectContaining({ kind: 'quit-attempt', by: 'proctor', severity: 'info' })]);
  });

  it('lets the OS shut down (and journals it), via powerMonitor or the window', () => {
    const viaPower = setup();
    viaPower.powerMonitor.emitRaw('shutdown');
    viaPower.app.quit();
    expect(viaPower.app.quitted).toBe(true);
    const viaWindow = setup();
    viaWindow.window.emit('session-end');
    expect(viaWindow.window.emit('close').defaultPrevented).toBe(false);
    expect(viaWindow.found[0]).toMatchObject({ by: 'system-shutdown' });
  });

  it('lets a practice candidate quit, journaled', () => {
    const s = setup({ practice: true });
    s.app.quit();
    expect(s.app.quitted).toBe(true);
    expect(s.found[0]).toMatchObject({ by: 'practice' });
  });
});
