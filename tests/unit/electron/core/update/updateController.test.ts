import { describe, expect, it } from 'vitest';
import type { IntervalScheduler } from '../../../../../electron/core/attempt/timer.js';
import { UpdateController, type UpdaterPort, type UpdateStatus } from '../../../../../electron/core/update/updateController.js';
import type { UpdateActivity } from '../../../../../electron/core/update/updatePolicy.js';

/** A port whose operations finish when the test says so. */
function fakePort(opts: { newer?: string | null; downloadArmsInstall?: boolean } = {}) {
  const calls: string[] = [];
  let finishDownload: ((outcome: 'downloaded' | 'cancelled' | Error) => void) | null = null;
  const port: UpdaterPort & { installOnQuit: boolean } = {
    installOnQuit: false,
    downloadArmsInstall: opts.downloadArmsInstall ?? false,
    async check() {
      calls.push('check');
      const newer = opts.newer === undefined ? '0.2.0' : opts.newer;
      return newer === null ? null : { version: newer };
    },
    download() {
      calls.push('download');
      return new Promise((resolve, reject) => {
        finishDownload = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
      });
    },
    cancelDownload() {
      calls.push('cancel');
      finishDownload?.('cancelled');
    },
    setInstallOnQuit(enabled) {
      calls.push(`install-on-quit:${enabled}`);
      port.installOnQuit = enabled;
    },
  };
  return {
    port,
    calls,
    finish(outcome: 'downloaded' | Error = 'downloaded') {
      if (!finishDownload) throw new Error('no download running');
      const f = finishDownload;
      finishDownload = null;
      f(outcome);
    },
  };
}

function manualScheduler() {
  const fns: Array<() => void> = [];
  const scheduler: IntervalScheduler = {
    setInterval: (fn) => fns.push(fn),
    clearInterval: () => fns.splice(0),
  };
  return { scheduler, tick: () => fns.forEach((fn) => fn()), count: () => fns.length };
}

function setup(activity: UpdateActivity, portOpts?: Parameters<typeof fakePort>[0]) {
  const fake = fakePort(portOpts);
  const clock = manualScheduler();
  const statuses: UpdateStatus[] = [];
  const state = { activity };
  const controller = new UpdateController({ port: fake.port, activity: () => state.activity, scheduler: clock.scheduler, onStatus: (s) => statuses.push(s), now: () => Date.parse('2026-11-20T10:00:00Z') });
  return { ...fake, clock, statuses, controller, state };
}

const flush = () => new Promise((r) => setImmediate(r));
const IDLE: UpdateActivity = { attempt: null };
const inProgress = (mode: 'proctored' | 'practice' = 'proctored'): UpdateActivity => ({ attempt: { state: 'in-progress', mode } });

describe('UpdateController', () => {
  it('checks at start when idle, downloads the newer version and arms install-on-quit', async () => {
    const t = setup(IDLE);
    const started = t.controller.start();
    await flush();
    expect(t.controller.status().phase).toBe('downloading');
    t.finish();
    await started;
    expect(t.calls).toEqual(['check', 'download', 'install-on-quit:true']);
    expect(t.controller.status()).toMatchObject({ phase: 'install-on-quit', version: '0.2.0', lastCheckAt: '2026-11-20T10:00:00.000Z', lastError: null });
    expect(t.statuses.map((s) => s.phase)).toEqual(expect.arrayContaining(['checking', 'available', 'downloading', 'downloaded', 'install-on-quit']));
  });

  it('stays idle when the feed has nothing newer', async () => {
    const t = setup(IDLE, { newer: null });
    await t.controller.start();
    expect(t.calls).toEqual(['check']);
    expect(t.controller.status().phase).toBe('idle');
  });

  it('does nothing at all while an attempt is in progress: no check at start, none on the idle timer', async () => {
    const t = setup(inProgress());
    await t.controller.start();
    t.clock.tick();
    await t.controller.activityChanged();
    await t.controller.settled();
    expect(t.calls).toEqual([]);
    expect(t.controller.status()).toMatchObject({ phase: 'idle', waitingFor: 'check postponed: an attempt is in-progress' });
  });

  it('checks as soon as the attempt ends', async () => {
    const t = setup(inProgress(), { newer: null });
    await t.controller.start();
    t.state.activity = { attempt: { state: 'submitted', mode: 'proctored' } };
    await t.controller.activityChanged();
    expect(t.calls).toEqual([]);
    t.state.activity = { attempt: { state: 'sealed', mode: 'proctored' } };
    await t.controller.activityChanged();
    expect(t.calls).toEqual(['check']);
  });

  it('cancels a running download when an attempt begins, and resumes it after the attempt', async () => {
    const t = setup(IDLE);
    const started = t.controller.start();
    await flush();
    expect(t.controller.status().phase).toBe('downloading');
    t.state.activity = { attempt: { state: 'checked-in', mode: 'proctored' } };
    await t.controller.activityChanged();
    await started;
    expect(t.calls).toEqual(['check', 'download', 'cancel']);
    expect(t.controller.status()).toMatchObject({ phase: 'available', waitingFor: 'download postponed: an attempt is checked-in' });

    t.state.activity = { attempt: { state: 'synced', mode: 'proctored' } };
    const resumed = t.controller.activityChanged();
    await flush();
    t.finish();
    await resumed;
    expect(t.calls).toEqual(['check', 'download', 'cancel', 'download', 'install-on-quit:true']);
  });

  it('keeps a downloaded update unarmed until the proctored result is synced, then arms it', async () => {
    const t = setup({ attempt: { state: 'sealed', mode: 'proctored' } });
    const started = t.controller.start();
    await flush();
    t.finish();
    await started;
    expect(t.controller.status()).toMatchObject({ phase: 'downloaded', waitingFor: 'install postponed: the sealed result has not reached the hub yet' });
    expect(t.port.installOnQuit).toBe(false);
    t.state.activity = { attempt: { state: 'synced', mode: 'proctored' } };
    await t.controller.activityChanged();
    expect(t.controller.status().phase).toBe('install-on-quit');
    expect(t.port.installOnQuit).toBe(true);
  });

  it('arms install-on-quit right after a sealed practice attempt', async () => {
    const t = setup({ attempt: { state: 'sealed', mode: 'practice' } });
    const started = t.controller.start();
    await flush();
    t.finish();
    await started;
    expect(t.port.installOnQuit).toBe(true);
  });

  it('disarms a pending install when a new attempt checks in', async () => {
    const t = setup(IDLE);
    const started = t.controller.start();
    await flush();
    t.finish();
    await started;
    expect(t.port.installOnQuit).toBe(true);
    t.state.activity = { attempt: { state: 'checked-in', mode: 'proctored' } };
    await t.controller.activityChanged();
    expect(t.port.installOnQuit).toBe(false);
    expect(t.controller.status().phase).toBe('downloaded');
  });

  it('does not retry a failed (corrupt) download until the next scheduled check', async () => {
    const t = setup(IDLE);
    const started = t.controller.start();
    await flush();
    t.finish(new Error('sha512 checksum mismatch, expected abc, got def'));
    await started;
    expect(t.controller.status()).toMatchObject({ phase: 'idle', lastError: 'sha512 checksum mismatch, expected abc, got def', version: null });
    await t.controller.activityChanged();
    expect(t.calls).toEqual(['check', 'download']);

    t.clock.tick();
    await flush();
    expect(t.calls).toEqual(['check', 'download', 'check', 'download']);
    t.finish();
    await t.controller.settled();
    expect(t.controller.status()).toMatchObject({ phase: 'install-on-quit', lastError: null });
  });

  it('where a download arms the installer (macOS), does not download before the result is synced', async () => {
    const t = setup({ attempt: { state: 'sealed', mode: 'proctored' } }, { downloadArmsInstall: true });
    await t.controller.start();
    expect(t.calls).toEqual(['check']);
    expect(t.controller.status()).toMatchObject({ phase: 'available', waitingFor: 'install postponed: the sealed result has not reached the hub yet' });
  });

  it('stops: no timer, no more steps', async () => {
    const t = setup(inProgress());
    await t.controller.start();
    expect(t.clock.count()).toBe(1);
    t.controller.stop();
    expect(t.clock.count()).toBe(0);
    t.state.activity = IDLE;
    await t.controller.activityChanged();
    expect(t.calls).toEqual([]);
  });
});
