/**
 * `vigil start` (what `npm start` runs) as a real process: Electron's download really fails (a
 * mirror on a closed local port, so this holds on any machine), the headless host really serves,
 * and Chromium really opens (headless here, with a DevTools port to look at the page).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findChromium } from '../../../electron/cli/start/chromium.js';
import { attachPage, cdpOverWebSocket, pageTargetOn } from '../../support/cdp.js';
import { CLI_ENTRY } from '../../support/cliProcess.js';
import { demoExamDir, repoRoot } from '../../support/paths.js';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

interface Launcher {
  child: ChildProcess;
  /** Ctrl+C: SIGINT to the launcher (and, for npm, its whole process group). */
  interrupt(): void;
  kill(): void;
  lines: string[];
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern` (waiting for it to be printed). */
  line(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

/**
 * `vigil start <args>`, or with `npm: true` exactly what a newcomer types, `npm start -- <args>`,
 * in its own process group so that `interrupt` is what Ctrl+C in a terminal does: SIGINT to npm,
 * the shell, tsx and the launcher at once.
 */
function startLauncher(args: string[], env: NodeJS.ProcessEnv, opts: { npm?: boolean } = {}): Launcher {
  const child = opts.npm
    ? spawn('npm', ['start', '--', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, 'start', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout?.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const group = opts.npm && child.pid !== undefined ? -child.pid : null;
  return {
    child,
    interrupt: () => (group !== null ? process.kill(group, 'SIGINT') : child.kill('SIGINT')),
    kill: () => {
      if (group === null) return void child.kill('SIGKILL');
      try {
        process.kill(group, 'SIGKILL');
      } catch (error) {
        // The whole group has ended already.
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    },
    lines,
    stderr: () => err,
    exited,
    line(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find((l) => pattern.test(l));
          if (found !== undefined) return resolve(found);
          if (child.exitCode !== null) return reject(new Error(`vigil start exited (${child.exitCode}) before printing ${pattern}; stdout:\n${lines.join('\n')}\nstderr:\n${err}`));
          waiters.push(check);
        };
        void exited.then(check);
        check();
      });
    },
  };
}

/** Processes whose command line mentions `text` (Chromium and its helpers carry the profile path). */
async function processesMentioning(text: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      if (cmdline.includes(text)) pids.push(Number(entry));
    } catch (error) {
      // The process ended between readdir and read.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  return pids;
}

async function waitForFile(path: string, launcher: Launcher): Promise<string> {
  for (;;) {
    if (existsSync(path)) {
      const text = await readFile(path, 'utf8');
      if (text.includes('\n')) return text;
    }
    if (launcher.child.exitCode !== null) throw new Error(`vigil start exited before ${path} appeared; stderr: ${launcher.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('vigil start without Electron', () => {
  let tmp: string;
  let env: NodeJS.ProcessEnv;
  let launcher: Launcher | null = null;

  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-start-'));
    for (const d of ['no-electron', 'electron-cache', 'tmp', 'xdg']) await mkdir(join(tmp, d));
    env = {
      ...process.env,
      // No binary where the probe looks, and a download that fails at once on any machine.
      ELECTRON_OVERRIDE_DIST_PATH: join(tmp, 'no-electron'),
      ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
      electron_config_cache: join(tmp, 'electron-cache'),
      ELECTRON_SKIP_BINARY_DOWNLOAD: '',
      TMPDIR: join(tmp, 'tmp'),
      XDG_DATA_HOME: join(tmp, 'xdg'),
    };
  });
  afterEach(async () => {
    if (launcher && launcher.child.exitCode === null) {
      launcher.kill();
      await launcher.exited;
    }
    launcher = null;
    // A failed test may leave the Chromium it started (its command line names our temp folder).
    for (const pid of await processesMentioning(tmp)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
    await rm(tmp, { recursive: true, force: true });
  });

  it('says why in one line, serves the demo exam, opens it in Chromium in kiosk app mode, and cleans up on Ctrl+C', async () => {
    const browser = findChromium();
    if (!browser.found) throw new Error(`these tests need Chromium: ${browser.reason} (Debian: apt-get install -y chromium)`);
    launcher = startLauncher([], { ...env, CHROMIUM_PATH: browser.path, VIGIL_START_HEADLESS: '1' });

    const opened = await launcher.line(/^vigil: opened it in /);
    const [why, serving] = launcher.lines;
    expect(why).toMatch(/^vigil: Electron is not available \(no Electron binary at .* and the download failed: .+\): running the exam in the browser instead\.$/);
    expect(serving).toMatch(new RegExp(`^vigil: serving ${demoExamDir} at http://127\\.0\\.0\\.1:\\d+/ \\(answers are kept in ${join(tmp, 'xdg', 'vigil', 'browser-mode')}\\)$`));
    expect(opened).toBe(`vigil: opened it in ${browser.path} (app mode, kiosk); press Ctrl+C to stop.`);
    expect(launcher.stderr()).not.toContain('TypeError');
    const url = /at (http:\S+)/.exec(serving ?? '')?.[1] as string;

    // A fresh profile under the temp folder, and Chromium on it as one kiosk app window on the host.
    const profiles = (await readdir(join(tmp, 'tmp'))).filter((n) => n.startsWith('vigil-chromium-'));
    expect(profiles).toHaveLength(1);
    const profileDir = join(tmp, 'tmp', profiles[0] as string);
    // Polled: Debian's /usr/bin/chromium is a shell script that runs checks (grep, find) before it
    // execs the browser, so right after the launch the kiosk process may not exist yet.
    const kioskApp = async () => {
      const pids = await processesMentioning(`--user-data-dir=${profileDir}`);
      const cmdlines = await Promise.all(pids.map((p) => readFile(`/proc/${p}/cmdline`, 'utf8').catch((error: NodeJS.ErrnoException) => {
        // The process ended since it was listed (the wrapper's own checks are short-lived).
        if (error.code === 'ENOENT' || error.code === 'ESRCH') return '';
        throw error;
      })));
      return cmdlines.some((c) => c.split('\0').includes(`--app=${url}`) && c.split('\0').includes('--kiosk'));
    };
    await expect.poll(kioskApp, { timeout: 20_000 }).toBe(true);

    // The page Chromium shows is the exam, served and working (its API over the host's WebSocket).
    // Driven over raw DevTools (tests/support/cdp.ts): Playwright's connectOverCDP waits for every
    // target to be initialised and once sat out its 90 s under CI load without saying on what.
    const [devtoolsPort] = (await waitForFile(join(profileDir, 'DevToolsActivePort'), launcher)).split('\n');
    const cdp = await cdpOverWebSocket(Number(devtoolsPort));
    // The app window's page may not have committed its navigation yet: polled.
    const targetId = await pageTargetOn(cdp, url);
    const errors: string[] = [];
    const page = await attachPage(cdp, targetId, (message) => errors.push(message));
    await page.waitFor('the exam title', () => document.body?.innerText.includes('Vigil Practice Exam'), undefined);
    expect(errors).toEqual([]);
    cdp.close();
    expect(existsSync(join(tmp, 'xdg', 'vigil', 'browser-mode'))).toBe(true);

    launcher.interrupt();
    expect(await launcher.exited).toBe(0);
    expect(launcher.lines.at(-1)).toBe('vigil: stopping…');
    expect(await processesMentioning(`--user-data-dir=${profileDir}`)).toEqual([]);
    expect(existsSync(profileDir)).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('stops by itself, cleaning up, when the candidate closes the Chromium window', async () => {
    const browser = findChromium();
    if (!browser.found) throw new Error(`these tests need Chromium: ${browser.reason} (Debian: apt-get install -y chromium)`);
    launcher = startLauncher(['--data', join(tmp, 'data')], { ...env, CHROMIUM_PATH: browser.path, VIGIL_START_HEADLESS: '1' });
    await launcher.line(/^vigil: opened it in /);
    const [profile] = (await readdir(join(tmp, 'tmp'))).filter((n) => n.startsWith('vigil-chromium-'));
    const profileDir = join(tmp, 'tmp', profile as string);
    const [devtoolsPort] = (await waitForFile(join(profileDir, 'DevToolsActivePort'), launcher)).split('\n');
    const cdp = await cdpOverWebSocket(Number(devtoolsPort));
    // What closing the kiosk window (Alt+F4) does: the browser quits normally.
    await cdp.send('Browser.close');
    expect(await launcher.exited).toBe(0);
    expect(launcher.lines.slice(-2)).toEqual(['vigil: the Chromium window was closed.', 'vigil: stopping…']);
    expect(existsSync(profileDir)).toBe(false);
  });

  it('`npm start` with no Chromium prints the URL and keeps serving it until Ctrl+C', async () => {
    const data = join(tmp, 'data');
    launcher = startLauncher(['--data', data], { ...env, CHROMIUM_PATH: join(tmp, 'no-chromium') }, { npm: true });
    const line = await launcher.line(/^vigil: no Chromium found/);
    const url = /Open (http:\S+) in a browser/.exec(line)?.[1] as string;
    const [why, serving, found] = launcher.lines.filter((l) => l.startsWith('vigil:'));
    expect(launcher.lines.slice(0, 4)).toEqual(['', '> vigil@0.1.0 start', `> tsx electron/cli/index.ts start --data ${data}`, '']);
    expect(why).toMatch(/^vigil: Electron is not available \(no Electron binary at .* and the download failed: .+\): running the exam in the browser instead\.$/);
    expect(serving).toBe(`vigil: serving ${demoExamDir} at ${url} (answers are kept in ${data})`);
    expect(found).toBe(`vigil: no Chromium found (CHROMIUM_PATH=${join(tmp, 'no-chromium')} is not an executable file). Open ${url} in a browser; press Ctrl+C to stop.`);

    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('<div id="root">');
    // Still serving after the first request: nothing ends the launcher but a signal.
    expect(launcher.child.exitCode).toBeNull();
    expect((await fetch(url)).status).toBe(200);

    launcher.interrupt();
    // npm ends itself with the signal it got; the launcher under it stopped the host and ended.
    expect([0, null]).toContain(await launcher.exited);
    expect(launcher.lines.at(-1)).toBe('vigil: stopping…');
    expect(await processesMentioning(`start --data ${data}`)).toEqual([]);
    await expect(fetch(url)).rejects.toThrow();
    // Nothing of Vigil's left in the temp folder (tsx keeps its compile cache there).
    expect((await readdir(join(tmp, 'tmp'))).filter((n) => n.startsWith('vigil-'))).toEqual([]);
  });

  it('runs the desktop app when an Electron binary is present, with the exam and flags, and returns its exit code', async () => {
    // A stand-in "Electron" (the real binary cannot be downloaded here): it records how it was started.
    const dist = join(tmp, 'no-electron');
    const record = join(tmp, 'electron-args.txt');
    await writeFile(join(dist, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\nexit 3\n`);
    await chmod(join(dist, 'electron'), 0o755);
    launcher = startLauncher(['--data', join(tmp, 'data'), '--proctor'], env);
    expect(await launcher.exited).toBe(3);
    expect((await readFile(record, 'utf8')).trim().split('\n')).toEqual([repoRoot, '--exam', demoExamDir, '--data', join(tmp, 'data'), '--proctor']);
    expect(launcher.lines.filter((l) => l.length > 0)).toEqual([]);
  });
});
