/**
 * The Electron main process, booted: the BUILT main bundle runs unmodified in a child Node process
 * with the fake `electron` module (tests/support/bootMain.ts), through 'ready', the window, the
 * IPC router, the core services, the lockdown adapters, the updater gate and the preload, to a
 * clean quit after which the process must end by itself. Unit tests of single modules cannot see
 * a wiring mistake in electron/main/index.ts; this does.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_PREFIX, METHOD_NAMES } from '../../../shared/apiNames.js';
import { requests } from '../../../shared/contract.js';
import { contentSecurityPolicy } from '../../../shared/csp.js';
import { ensureAppBuilt } from '../../../electron/cli/ensureRendererBuilt.js';
import { APP_ENTRY_URL } from '../../../electron/main/senderCheck.js';
import { BOOT_PREFIX } from '../../support/fakeElectronGlobal.js';
import { demoExamDir, repoRoot } from '../../support/paths.js';

const BOOT_TIMEOUT_MS = 90_000;

type Step = Record<string, unknown> & { step: string };

interface Boot {
  code: number | null;
  steps: Map<string, Step>;
  stdout: string;
  stderr: string;
}

/** A candidate machine with a provisioning config that names no hub: the defaults, updates off. */
async function candidateConfig(dir: string): Promise<string> {
  const file = join(dir, 'config.json');
  await writeFile(file, JSON.stringify({ format: 'vigil-config/1', role: 'candidate' }));
  return file;
}

async function boot(flags: string[], userData: string): Promise<Boot> {
  await mkdir(userData, { recursive: true });
  const config = await candidateConfig(userData);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'tests', 'support', 'bootMain.ts'), ...flags], {
      cwd: repoRoot,
      env: { ...process.env, VIGIL_BOOT_USER_DATA: userData, VIGIL_CONFIG: config },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // A boot that hangs is a failure with what it printed so far, not a test timeout.
    const timer = setTimeout(() => child.kill('SIGKILL'), BOOT_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const steps = new Map<string, Step>();
      for (const line of stdout.split('\n')) {
        if (!line.startsWith(BOOT_PREFIX)) continue;
        const step = JSON.parse(line.slice(BOOT_PREFIX.length)) as Step;
        steps.set(step.step, step);
      }
      resolve({ code, steps, stdout, stderr });
    });
  });
}

function step(b: Boot, name: string): Step {
  const found = b.steps.get(name);
  if (!found) throw new Error(`the boot never reached "${name}" (exit ${b.code}); steps:\n${[...b.steps.values()].map((s) => JSON.stringify(s)).join('\n')}\nstderr:\n${b.stderr}`);
  return found;
}

describe('the Electron main process, booted from out/main', () => {
  let tmp: string;
  beforeAll(async () => {
    // As `npm start` does: build when out/ is missing or older than the sources.
    ensureAppBuilt(repoRoot, () => {});
    tmp = await mkdtemp(join(tmpdir(), 'vigil-boot-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('runs the ready path end to end, exposes exactly the contract through the preload, and quits cleanly', async () => {
    const data = join(tmp, 'data');
    const b = await boot(['--exam', demoExamDir, '--data', data], join(tmp, 'user'));

    // Before 'ready': the app:// scheme is privileged, every renderer sandboxed, one instance.
    const imported = step(b, 'imported');
    expect(imported.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
    expect(imported.sandboxEnabled).toBe(true);
    expect(imported.singleInstanceLock).toBe(true);
    expect(imported.appListeners).toEqual({ 'second-instance': 1, 'window-all-closed': 1 });

    const ready = step(b, 'ready') as Step & {
      channels: string[];
      window: { options: { webPreferences: Record<string, unknown> }; calls: unknown[]; shown: boolean };
      pages: unknown[];
      hardening: { contents: Record<string, number>; windowOpenHandler: boolean; session: Record<string, boolean>; willDownload: number };
      lockdown: Record<string, unknown>;
    };
    // The IPC router: one sender-checked handler per contract request, nothing else.
    expect([...ready.channels].sort()).toEqual(METHOD_NAMES.map((m) => IPC_PREFIX + m).sort());
    // One hardened candidate window with the built preload, showing the renderer over app://.
    expect(ready.windows).toBe(1);
    const prefs = ready.window.options.webPreferences;
    expect(prefs).toMatchObject({ preload: join(repoRoot, 'out', 'preload', 'index.cjs'), sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, devTools: false });
    expect(existsSync(prefs.preload as string)).toBe(true);
    expect(ready.window.shown).toBe(true);
    expect(ready.pages).toEqual([{ url: APP_ENTRY_URL, status: 200, csp: contentSecurityPolicy(), hasRoot: true }]);
    expect(ready.menus).toEqual([null]);
    expect(ready.hardening.contents).toEqual({ 'will-navigate': 1, 'will-frame-navigate': 1, 'will-redirect': 1, 'will-attach-webview': 1, 'before-input-event': 1 });
    expect(ready.hardening.windowOpenHandler).toBe(true);
    expect(ready.hardening.session).toEqual({ request: true, check: true, device: true, displayMedia: true, beforeRequestFilter: true, beforeRequest: true });
    expect(ready.hardening.willDownload).toBe(1);
    // The lockdown adapters, under the demo exam's policy (practice: no kiosk; content protection on).
    expect(ready.window.calls).toEqual([['removeMenu'], ['setContentProtection', true]]);
    expect(ready.lockdown).toEqual({
      powerSaveBlockers: ['prevent-display-sleep'],
      clipboardCleared: ['clipboard', 'selection'],
      screen: { 'display-added': 1, 'display-removed': 1 },
      powerMonitor: { suspend: 1, resume: 1, shutdown: 1 },
      window: { blur: 1, focus: 1, close: 1 },
      // The quit guard on both; the cleanup-before-quit after it on will-quit.
      app: { 'before-quit': 1, 'will-quit': 2 },
    });
    // The updater gate: no hub provisioned, so updates are off and say why.
    expect(b.stdout).toContain('vigil: updates off: no hub is configured');

    // The preload bundle, run as a sandboxed preload: window.vigil and only the contract's names.
    const preload = step(b, 'preload');
    expect(preload.required).toEqual(['electron']);
    expect(preload.worldKeys).toEqual(['vigil']);
    expect([...(preload.names as string[])].sort()).toEqual([...Object.keys(requests), 'on'].sort());

    // Requests through preload -> IPC -> core, and events back through webContents.send.
    expect(step(b, 'api')).toMatchObject({
      examTitle: 'Vigil Practice Exam',
      startedState: 'in-progress',
      terminalEcho: true,
      clipboardClearedOnStart: true,
      foreign: 'forbidden',
    });
    expect(step(b, 'api').states).toEqual(expect.arrayContaining(['preflight', 'ready', 'in-progress']));

    // Quit: the guard lets a practice exam go, cleanup runs, the monitors stop, and the process ends.
    expect(step(b, 'quit')).toMatchObject({ end: { how: 'quit' }, windows: 0, powerSaveBlockers: [] });
    expect(b.steps.has('lingering')).toBe(false);
    expect(b.code).toBe(0);

    // The lockdown's findings reached the attempt's journal on disk, and the answer is there.
    const [attempt] = await readdir(join(data, 'attempts'));
    const journal = (await readFile(join(data, 'attempts', attempt as string, 'journal.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { data: Record<string, unknown> }).data);
    expect(journal).toContainEqual({ itemId: 'http-status', value: 'b' });
    expect(journal).toContainEqual(expect.objectContaining({ kind: 'navigation-blocked', refusal: 'ipc' }));
    expect(journal).toContainEqual(expect.objectContaining({ kind: 'quit-attempt', allowed: true, by: 'practice' }));
  });

  it('boots proctor mode: the hub in-process, its credentials shown once, a window on its dashboard, and a clean quit', async () => {
    const b = await boot(['--proctor', '--exam', demoExamDir, '--data', join(tmp, 'hub-data')], join(tmp, 'user-proctor'));
    const ready = step(b, 'ready') as Step & { pages: Array<{ url: string; status: number }>; channels: string[] };
    expect(ready.pages).toHaveLength(1);
    expect(ready.pages[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dashboard\/$/);
    expect(ready.pages[0]?.status).toBe(200);
    // No candidate API in proctor mode: the dashboard is the hub's web page.
    expect(ready.channels).toEqual([]);
    const [box] = step(b, 'proctor').messageBoxes as Array<{ title: string; message: string; detail: string }>;
    expect(box?.title).toBe('Vigil proctor hub');
    expect(box?.message).toMatch(/^Candidates check in with access code \S+\.$/);
    expect(box?.detail).toContain(new URL(ready.pages[0]?.url ?? '').origin);
    expect(step(b, 'quit')).toMatchObject({ end: { how: 'quit' }, windows: 0 });
    expect(b.steps.has('lingering')).toBe(false);
    expect(b.code).toBe(0);
    await expect(fetch(ready.pages[0]?.url ?? '')).rejects.toThrow();
  });

  it('shows an error box and exits 1 for an exam folder that does not load, opening no window', async () => {
    const b = await boot(['--exam', join(tmp, 'no-such-exam'), '--data', join(tmp, 'data2')], join(tmp, 'user2'));
    expect(step(b, 'ended')).toMatchObject({ end: { how: 'exit', code: 1 }, windows: 0, errorBoxes: [{ title: 'Vigil cannot open this exam' }] });
    expect(b.code).toBe(1);
  });
});
