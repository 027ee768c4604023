import { describe, expect, it } from 'vitest';
import { policySchema, type PolicyInput } from '../../../../shared/exam/policy.js';
import type { AttemptState } from '../../../../shared/lifecycle.js';
import { createManualClock } from '../../../../electron/core/attempt/clock.js';
import type { IntervalScheduler } from '../../../../electron/core/attempt/timer.js';
import type { SystemProbe } from '../../../../electron/core/lockdown/systemProbe.js';
import type { LockdownViolation } from '../../../../electron/core/lockdown/violation.js';
import { startLockdown } from '../../../../electron/main/lockdown.js';
import { createFakeApp, createFakeClipboard, createFakeEmitter, createFakePowerSaveBlocker, createFakeScreen, createFakeWindow } from '../../../support/fakeElectron.js';

function setup(policyInput: PolicyInput = {}, state: AttemptState | null = 'in-progress') {
  const window = createFakeWindow();
  const app = createFakeApp(() => [window]);
  const screen = createFakeScreen([{ id: 1 }]);
  const powerMonitor = createFakeEmitter();
  const powerSaveBlocker = createFakePowerSaveBlocker();
  const clipboard = createFakeClipboard();
  const clock = createManualClock();
  const ticks: Array<() => void> = [];
  const scheduler: IntervalScheduler = { setInterval: (fn) => ticks.push(fn), clearInterval: () => undefined };
  const probe: SystemProbe = { platform: 'linux', env: {}, run: async () => null, readText: async () => null, exists: async () => false };
  const found: LockdownViolation[] = [];
  const locks: string[] = [];
  const lockdown = startLockdown({
    electron: { app, screen, powerMonitor, powerSaveBlocker, clipboard },
    window,
    policy: policySchema.parse(policyInput),
    practice: false,
    platform: 'linux',
    clock,
    scheduler,
    probe,
    getState: () => state,
    onViolation: (v) => found.push(v),
    onLock: (r) => locks.push(r),
    onError: (e) => {
      throw e;
    },
  });
  return { window, app, screen, powerMonitor, powerSaveBlocker, clipboard, clock, ticks, found, locks, lockdown };
}

describe('startLockdown', () => {
  it('locks the window down under the default policy: no menu, screen-saver level, content protection', () => {
    const s = setup();
    expect(s.window.calls).toEqual([['removeMenu'], ['setAlwaysOnTop', true, 'screen-saver'], ['setContentProtection', true]]);
    s.lockdown.stop();
  });

  it('leaves a practice window without kiosk or content protection a normal window', () => {
    const s = setup({ kiosk: false, contentProtection: false });
    expect(s.window.calls).toEqual([['removeMenu']]);
    s.lockdown.stop();
  });

  it('clears the clipboard at start and at stop, and keeps the display awake until stop', () => {
    const s = setup();
    expect(s.clipboard.cleared).toEqual(['clipboard', 'selection']);
    expect([...s.powerSaveBlocker.started.values()]).toEqual(['prevent-display-sleep']);
    s.lockdown.stop();
    expect(s.clipboard.cleared).toHaveLength(4);
    expect(s.powerSaveBlocker.started.size).toBe(0);
  });

  it('feeds every monitor: focus (with lock), displays, suspend, stalls and quit', () => {
    const s = setup({ focusLoss: 'lock' });
    s.window.emit('blur');
    s.clock.advance(2000);
    s.window.emit('focus');
    s.screen.plug({ id: 2 });
    s.powerMonitor.emitRaw('suspend');
    s.clock.jumpWall(60_000);
    s.powerMonitor.emitRaw('resume');
    s.clock.advance(5000);
    for (const tick of s.ticks) tick();
    s.app.quit();
    expect(s.locks).toEqual(['focus-loss']);
    expect(s.found.map((v) => v.kind)).toEqual(['focus-loss', 'display-added', 'suspend-resume', 'process-stopped', 'quit-attempt']);
    expect(s.app.quitted).toBe(false);
    s.lockdown.stop();
  });

  it('lets the proctor allow quitting through the handle', () => {
    const s = setup();
    s.lockdown.quit.allowQuit();
    s.app.quit();
    expect(s.app.quitted).toBe(true);
    s.lockdown.stop();
  });

  it('removes its listeners on stop', () => {
    const s = setup();
    s.lockdown.stop();
    expect(s.window.listenerCount('blur') + s.screen.listenerCount('display-added') + s.powerMonitor.listenerCount('resume')).toBe(0);
  });
});
