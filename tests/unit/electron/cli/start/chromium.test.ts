import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appModeArgs, CHROMIUM_FLAGS, displayProblem, findChromium, NO_SANDBOX_FLAG, usableChromium } from '../../../../../electron/cli/start/chromium.js';

describe('findChromium', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-find-chromium-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  async function executable(path: string): Promise<string> {
    await writeFile(path, '#!/bin/sh\n');
    await chmod(path, 0o755);
    return path;
  }

  it('takes the first known name on PATH, skipping non-executable files and folders', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    await mkdir(a);
    await mkdir(b);
    await writeFile(join(a, 'chromium'), 'not executable');
    await mkdir(join(a, 'chromium-browser'));
    const chrome = await executable(join(b, 'google-chrome'));
    expect(findChromium({ PATH: `${a}:${b}` })).toEqual({ found: true, path: chrome });
    const chromium = await executable(join(b, 'chromium'));
    expect(findChromium({ PATH: `${a}:${b}` })).toEqual({ found: true, path: chromium });
  });

  it('honours CHROMIUM_PATH alone: a wrong one is reported, not replaced by one on PATH', async () => {
    const chromium = await executable(join(dir, 'chromium'));
    const chosen = await executable(join(dir, 'my-chrome'));
    expect(findChromium({ PATH: dir, CHROMIUM_PATH: chosen })).toEqual({ found: true, path: chosen });
    expect(findChromium({ PATH: dir, CHROMIUM_PATH: join(dir, 'nothing') })).toEqual({ found: false, reason: `no Chromium found (CHROMIUM_PATH=${join(dir, 'nothing')} is not an executable file)` });
    expect(findChromium({ PATH: dir })).toEqual({ found: true, path: chromium });
  });

  it('names what it looked for when there is none', () => {
    expect(findChromium({ PATH: dir })).toEqual({ found: false, reason: 'no Chromium found (none of chromium, chromium-browser, google-chrome, google-chrome-stable is on PATH, and CHROMIUM_PATH is not set)' });
  });
});

describe('appModeArgs', () => {
  it('opens one kiosk app window on the URL with a fresh profile and the shared flags; no sandbox only as root', () => {
    const args = appModeArgs('http://127.0.0.1:1/', { profileDir: '/tmp/p', root: false, headless: false });
    expect(args).toEqual([...CHROMIUM_FLAGS, '--no-default-browser-check', '--user-data-dir=/tmp/p', '--kiosk', '--app=http://127.0.0.1:1/']);
    expect(args).not.toContain(NO_SANDBOX_FLAG);
    expect(appModeArgs('http://x/', { profileDir: '/p', root: true, headless: false })[0]).toBe(NO_SANDBOX_FLAG);
    expect(appModeArgs('http://x/', { profileDir: '/p', root: false, headless: true })).toEqual(expect.arrayContaining(['--headless', '--remote-debugging-port=0']));
  });
});

describe('a window to open', () => {
  it('needs an X11 or Wayland display on Linux, and nothing elsewhere', () => {
    expect(displayProblem({}, 'linux')).toBe('$DISPLAY and $WAYLAND_DISPLAY are unset');
    expect(displayProblem({ DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(displayProblem({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeNull();
    expect(displayProblem({}, 'darwin')).toBeNull();
  });

  it('turns a found Chromium into a reason when no window can open, unless headless', () => {
    const found = { found: true as const, path: '/usr/bin/chromium' };
    expect(usableChromium(found, 'no display', false)).toEqual({ found: false, reason: '/usr/bin/chromium cannot open a window here (no display)' });
    expect(usableChromium(found, 'no display', true)).toEqual(found);
    expect(usableChromium(found, null, false)).toEqual(found);
  });
});
