/**
 * Safe auto-update end to end, with electron-updater's real updater (DebUpdater) against the hub's
 * update-feed plugin on 127.0.0.1. Two things are not the real app: Electron's `app` (a small
 * AppAdapter object; electron-updater accepts one in its constructor) and the socket layer
 * (NodeHttpExecutor instead of Electron's net, see its comment). The version check, the download
 * and the sha512 verification are electron-updater's own.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DebUpdater } from 'electron-updater';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { IntervalScheduler } from '../../../electron/core/attempt/timer.js';
import type { UpdateActivity } from '../../../electron/core/update/updatePolicy.js';
import { updateFeed } from '../../../electron/hub/updates/updateFeed.js';
import { setUpUpdater } from '../../../electron/main/updater.js';
import { NodeHttpExecutor } from './nodeHttpExecutor.js';

type AppAdapter = NonNullable<ConstructorParameters<typeof DebUpdater>[1]>;

/** DebUpdater with the installer replaced by a counter: the test must not run dpkg. */
class RecordingDebUpdater extends DebUpdater {
  installs = 0;
  protected override doInstall(): boolean {
    this.installs++;
    return true;
  }
}

const ARTIFACT = 'Vigil-0.2.0-linux-amd64.deb';
const CHANNEL_FILE = process.arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${process.arch}.yml`;

interface Env {
  tmp: string;
  feedDir: string;
  cacheDir: string;
  hubUrl: string;
  requests: string[];
  app: FastifyInstance;
  updater: RecordingDebUpdater;
  quit(exitCode: number): void;
}

let env: Env | null = null;
afterEach(async () => {
  if (!env) return;
  await env.app.close();
  await rm(env.tmp, { recursive: true, force: true });
  env = null;
});

/** Publishes version 0.2.0 in the feed's stable channel; `corrupt` serves bytes that do not match latest-linux.yml. */
async function publish(feedDir: string, opts: { corrupt?: boolean } = {}): Promise<Buffer> {
  const bytes = randomBytes(256 * 1024);
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  const served = Buffer.from(bytes);
  if (opts.corrupt) served[1000] = (served[1000] ?? 0) ^ 0xff;
  const dir = path.join(feedDir, 'stable');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, ARTIFACT), served);
  await writeFile(
    path.join(dir, CHANNEL_FILE),
    [
      'version: 0.2.0',
      'files:',
      `  - url: ${ARTIFACT}`,
      `    sha512: ${sha512}`,
      `    size: ${bytes.length}`,
      `path: ${ARTIFACT}`,
      `sha512: ${sha512}`,
      "releaseDate: '2026-11-20T10:00:00.000Z'",
      '',
    ].join('\n'),
  );
  return bytes;
}

async function setUp(): Promise<Env> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'vigil-autoupdate-'));
  const feedDir = path.join(tmp, 'feed');
  const cacheDir = path.join(tmp, 'cache');
  await mkdir(feedDir);
  const requests: string[] = [];
  const app = Fastify();
  app.addHook('onRequest', async (req) => {
    requests.push(req.url.split('?')[0] ?? req.url);
  });
  await app.register(updateFeed, { dir: feedDir });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const hubUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  // What electron-builder writes into resources/app-update.yml; the URL is the build's placeholder.
  const appUpdateConfigPath = path.join(tmp, 'app-update.yml');
  await writeFile(appUpdateConfigPath, 'provider: generic\nurl: http://localhost:8443/updates/latest\nupdaterCacheDirName: vigil-updater\n');
  const quitHandlers: Array<(exitCode: number) => void> = [];
  const appAdapter: AppAdapter = {
    version: '0.1.0',
    name: 'Vigil',
    isPackaged: true,
    appUpdateConfigPath,
    userDataPath: path.join(tmp, 'userData'),
    baseCachePath: cacheDir,
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: (handler) => quitHandlers.push(handler),
  };
  const updater = new RecordingDebUpdater(null, appAdapter);
  (updater as unknown as { httpExecutor: NodeHttpExecutor }).httpExecutor = new NodeHttpExecutor();
  env = { tmp, feedDir, cacheDir, hubUrl, requests, app, updater, quit: (code) => quitHandlers.forEach((h) => h(code)) };
  return env;
}

function manualScheduler() {
  const fns: Array<() => void> = [];
  const scheduler: IntervalScheduler = { setInterval: (fn) => fns.push(fn), clearInterval: () => fns.splice(0) };
  return { scheduler, tick: () => fns.forEach((fn) => fn()) };
}

function start(e: Env, activity: { current: UpdateActivity }, scheduler?: IntervalScheduler) {
  const logs: string[] = [];
  const set = setUpUpdater({
    autoUpdater: e.updater,
    provisioning: { hub: { url: e.hubUrl, fingerprint: null }, updates: { channel: 'stable', enabled: true } },
    activity: () => activity.current,
    platform: 'linux',
    log: (line) => logs.push(line),
    ...(scheduler ? { scheduler } : {}),
  });
  if (!set.enabled) throw new Error(`updates unexpectedly off: ${set.reason}`);
  return { controller: set.controller, feedUrl: set.feedUrl, logs };
}

async function pendingFiles(e: Env): Promise<string[]> {
  return readdir(path.join(e.cacheDir, 'vigil-updater', 'pending')).catch(() => []);
}

describe('auto-update against the hub feed', () => {
  it('finds a newer version when idle, downloads and verifies it, and installs it on quit', async () => {
    const e = await setUp();
    const bytes = await publish(e.feedDir);
    const { controller, feedUrl } = start(e, { current: { attempt: null } });
    expect(feedUrl).toBe(`${e.hubUrl}/updates/stable/`);

    await controller.start();
    await controller.settled();

    expect(controller.status()).toMatchObject({ phase: 'install-on-quit', version: '0.2.0', lastError: null });
    expect(e.requests).toEqual([`/updates/stable/${CHANNEL_FILE}`, `/updates/stable/${ARTIFACT}`]);
    const downloaded = await readFile(path.join(e.cacheDir, 'vigil-updater', 'pending', ARTIFACT));
    expect(downloaded.equals(bytes)).toBe(true);
    expect(e.updater.autoInstallOnAppQuit).toBe(true);
    e.quit(0);
    expect(e.updater.installs).toBe(1);
  });

  it('sends no request at all while an attempt is in progress, then updates once it is over', async () => {
    const e = await setUp();
    await publish(e.feedDir);
    const activity = { current: { attempt: { state: 'in-progress', mode: 'proctored' } } as UpdateActivity };
    const clock = manualScheduler();
    const { controller } = start(e, activity, clock.scheduler);

    await controller.start();
    clock.tick();
    for (const state of ['paused', 'locked', 'in-progress', 'submitted'] as const) {
      activity.current = { attempt: { state, mode: 'proctored' } };
      await controller.activityChanged();
      clock.tick();
    }
    await controller.settled();
    expect(e.requests).toEqual([]);
    expect(controller.status()).toMatchObject({ phase: 'idle', waitingFor: 'check postponed: an attempt is submitted' });

    activity.current = { attempt: { state: 'synced', mode: 'proctored' } };
    await controller.activityChanged();
    await controller.settled();
    expect(e.requests).toHaveLength(2);
    expect(controller.status().phase).toBe('install-on-quit');
  });

  it('rejects an artifact whose bytes do not match the sha512 in latest-linux.yml', async () => {
    const e = await setUp();
    await publish(e.feedDir, { corrupt: true });
    const { controller, logs } = start(e, { current: { attempt: null } });

    await controller.start();
    await controller.settled();

    const status = controller.status();
    expect(status.phase).toBe('idle');
    expect(status.lastError).toMatch(/^sha512 checksum mismatch, expected [A-Za-z0-9+/=]+, got [A-Za-z0-9+/=]+$/);
    expect(logs.some((l) => l.includes('update download failed: sha512 checksum mismatch'))).toBe(true);
    // Nothing is kept, nothing is armed, and quitting installs nothing.
    expect(await pendingFiles(e)).toEqual([]);
    expect(e.updater.autoInstallOnAppQuit).toBe(false);
    e.quit(0);
    expect(e.updater.installs).toBe(0);
  });

  it('downloads after a proctored attempt is sealed but installs on quit only once the result is synced', async () => {
    const e = await setUp();
    await publish(e.feedDir);
    const activity = { current: { attempt: { state: 'sealed', mode: 'proctored' } } as UpdateActivity };
    const { controller } = start(e, activity);

    await controller.start();
    await controller.settled();
    expect(controller.status()).toMatchObject({ phase: 'downloaded', waitingFor: 'install postponed: the sealed result has not reached the hub yet' });
    expect(await pendingFiles(e)).toContain(ARTIFACT);
    expect(e.updater.autoInstallOnAppQuit).toBe(false);
    e.quit(0);
    expect(e.updater.installs).toBe(0);

    activity.current = { attempt: { state: 'synced', mode: 'proctored' } };
    await controller.activityChanged();
    expect(controller.status().phase).toBe('install-on-quit');
    e.quit(0);
    expect(e.updater.installs).toBe(1);
  });
});
