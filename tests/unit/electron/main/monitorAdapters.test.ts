import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../../electron/core/attempt/clock.js';
import type { LockdownViolation } from '../../../../electron/core/lockdown/violation.js';
import { clearClipboard, preventDisplaySleep, watchDisplays, watchFocus, watchSuspend } from '../../../../electron/main/monitorAdapters.js';
import { createFakeClipboard, createFakeEmitter, createFakePowerSaveBlocker, createFakeScreen, createFakeWindow } from '../../../support/fakeElectron.js';

describe('watchFocus', () => {
  it('turns blur then focus into a focus-loss with its duration, and removes its listeners on stop', () => {
    const window = createFakeWindow();
    const clock = createManualClock();
    const found: LockdownViolation[] = [];
    let locks = 0;
    const stop = watchFocus(window, { policy: 'lock', clock, onViolation: (v) => found.push(v), onLock: () => locks++ });
    window.emit('blur');
    expect(locks).toBe(1);
    clock.advance(4200);
    window.emit('focus');
    expect(found).toEqual([expect.objectContaining({ kind: 'focus-loss', durationMs: 4200, severity: 'critical' })]);
    window.emit('blur');
    clock.advance(1000);
    stop();
    expect(found[1]).toMatchObject({ kind: 'focus-loss', durationMs: 1000 });
    expect(window.listenerCount('blur') + window.listenerCount('focus')).toBe(0);
  });
});

describe('watchDisplays', () => {
  it('reports too many displays at start, and each display plugged in', () => {
    const screen = createFakeScreen([{ id: 1 }, { id: 2, label: 'Projector' }]);
    const found: LockdownViolation[] = [];
    const stop = watchDisplays(screen, { maxDisplays: 1, onViolation: (v) => found.push(v) });
    expect(found).toEqual([expect.objectContaining({ kind: 'display-count', count: 2, severity: 'critical' })]);
    screen.unplug(2);
    screen.plug({ id: 3, size: { width: 2560, height: 1440 } });
    expect(found.slice(1)).toEqual([
      expect.objectContaining({ kind: 'display-count', count: 1, severity: 'info', detail: expect.stringContaining('Projector') }),
      expect.objectContaining({ kind: 'display-added', count: 2, severity: 'critical', detail: expect.stringContaining('2560×1440') }),
    ]);
    stop();
    screen.plug({ id: 4 });
    expect(found).toHaveLength(3);
  });
});

describe('watchSuspend', () => {
  it('reports how long the machine slept, by the wall clock', () => {
    const power = createFakeEmitter();
    const clock = createManualClock();
    const found: LockdownViolation[] = [];
    watchSuspend(power, { clock, onViolation: (v) => found.push(v) });
    power.emitRaw('suspend');
    clock.jumpWall(600_000); // the monotonic clock stands still while suspended
    power.emitRaw('resume');
    expect(found).toEqual([expect.objectContaining({ kind: 'suspend-resume', durationMs: 600_000 })]);
  });
});

describe('preventDisplaySleep and clearClipboard', () => {
  it('holds a prevent-display-sleep blocker until stopped', () => {
    const blocker = createFakePowerSaveBlocker();
    const stop = preventDisplaySleep(blocker);
    expect([...blocker.started.values()]).toEqual(['prevent-display-sleep']);
    stop();
    expect(blocker.started.size).toBe(0);
  });

  it('clears the clipboard, and the selection on Linux', () => {
    const linux = createFakeClipboard();
    clearClipboard(linux, 'linux');
    expect(linux.cleared).toEqual(['clipboard', 'selection']);
    const mac = createFakeClipboard();
    clearClipboard(mac, 'darwin');
    expect(mac.cleared).toEqual(['clipboard']);
  });
});
