/**
 * Boots the BUILT main bundle (out/main/index.js, unmodified) in this Node process with the fake
 * `electron` module, the way Electron would run it: import, then 'ready'. Once the window has
 * loaded it evaluates the built preload (out/preload/index.cjs) as a sandboxed preload, drives the
 * API through it, quits the app and lets the process end by itself: a handle left open keeps it
 * alive, and the watchdog then reports what is still open and exits 3.
 *
 * Run as `node --import tsx tests/support/bootMain.ts <desktop-app flags>`; the flags reach main's
 * argument parser as Electron's would. `VIGIL_BOOT_USER_DATA` is app.getPath('userData').
 * Every observation is one stdout line `VIGIL-BOOT {"step": ..., ...}` for the test to check.
 */
import { readFile } from 'node:fs/promises';
import Module, { createRequire, register } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInThisContext } from 'node:vm';
import type { Reply, VigilBridge } from '../../shared/contract.js';
import { BOOT_PREFIX, FAKE_ELECTRON_GLOBAL } from './fakeElectronGlobal.js';
import { createFakeElectronModule } from './fakeElectronModule.js';
import { repoRoot } from './paths.js';

/** How long the process may linger after the app quit before the watchdog names what keeps it open. */
const LINGER_MS = 15_000;

function report(step: string, data: Record<string, unknown> = {}): void {
  process.stdout.write(`${BOOT_PREFIX}${JSON.stringify({ step, ...data })}\n`);
}

/** Modules a sandboxed preload may require besides 'electron' (Electron's sandbox rules). */
const SANDBOX_MODULES = new Set(['events', 'timers', 'url']);

async function evaluatePreload(file: string, electron: unknown): Promise<string[]> {
  const required: string[] = [];
  const nodeRequire = createRequire(import.meta.url);
  const sandboxRequire = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') return electron;
    if (SANDBOX_MODULES.has(id)) return nodeRequire(id);
    throw new Error(`a sandboxed preload cannot require "${id}"`);
  };
  const source = await readFile(file, 'utf8');
  const wrapper = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file }) as (...args: unknown[]) => void;
  const module = { exports: {} };
  wrapper(module.exports, sandboxRequire, module, file, dirname(file));
  return required;
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function unwrap<T>(reply: Reply, method: string): T {
  if (!reply.ok) throw new Error(`${method} failed: ${reply.error.code}: ${reply.error.message}`);
  return reply.result as T;
}

async function main(): Promise<void> {
  const version = (JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const userData = process.env.VIGIL_BOOT_USER_DATA;
  if (!userData) throw new Error('VIGIL_BOOT_USER_DATA is required');
  const fake = createFakeElectronModule({ appPath: repoRoot, userData, version });
  // Electron's own addition to `process`; electron-updater reads it. Nothing is installed there.
  (process as { resourcesPath?: string }).resourcesPath = join(userData, 'resources');

  // ESM `import ... from 'electron'` (the bundle) goes through the resolve hook to fakeElectronEsm.ts;
  // CommonJS `require('electron')` (electron-updater) finds the fake in the require cache.
  (globalThis as Record<string, unknown>)[FAKE_ELECTRON_GLOBAL] = fake.module;
  const electronIndex = createRequire(join(repoRoot, 'package.json')).resolve('electron');
  const cached = new Module(electronIndex);
  cached.filename = electronIndex;
  cached.loaded = true;
  cached.exports = fake.module;
  Module.createRequire(electronIndex).cache[electronIndex] = cached;
  register('./fakeElectronHooks.ts', import.meta.url);

  await import(pathToFileURL(join(repoRoot, 'out', 'main', 'index.js')).href);
  const { record, ipc } = fake;
  const app = fake.module.app;
  report('imported', {
    schemes: record.schemes,
    sandboxEnabled: record.sandboxEnabled,
    singleInstanceLock: record.singleInstanceLock,
    appListeners: Object.fromEntries(['second-instance', 'window-all-closed'].map((e) => [e, app.listenerCount(e)])),
  });

  fake.emitReady();
  const first = await Promise.race([fake.firstLoad.then(() => null), fake.ended]);
  if (first) {
    report('ended', { end: first, errorBoxes: record.errorBoxes, windows: fake.windows().length });
    // What app.exit does in Electron: the process ends now, without quit events.
    process.exit(first.how === 'exit' ? first.code : 0);
  }

  const [win] = fake.windows();
  if (!win) throw new Error('a page loaded, but no window is open');
  const contents = win.webContents;
  const session = fake.defaultSession;
  report('ready', {
    channels: ipc.handlerChannels(),
    windows: fake.windows().length,
    window: { options: win.options, calls: win.calls, shown: win.shown },
    pages: record.pages.map((p) => ({ url: p.url, status: p.status, csp: p.headers['content-security-policy'], hasRoot: p.body.includes('<div id="root">') })),
    menus: record.menus,
    hardening: {
      contents: Object.fromEntries(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview', 'before-input-event'].map((e) => [e, contents.listenerCount(e)])),
      windowOpenHandler: contents.openHandler !== null,
      session: Object.fromEntries(Object.entries(session.handlers).map(([k, v]) => [k, v !== undefined])),
      willDownload: session.listenerCount('will-download'),
    },
    lockdown: {
      powerSaveBlockers: [...fake.module.powerSaveBlocker.started.values()],
      clipboardCleared: [...fake.module.clipboard.cleared],
      screen: Object.fromEntries(['display-added', 'display-removed'].map((e) => [e, fake.module.screen.listenerCount(e)])),
      powerMonitor: Object.fromEntries(['suspend', 'resume', 'shutdown'].map((e) => [e, fake.module.powerMonitor.listenerCount(e)])),
      window: Object.fromEntries(['blur', 'focus', 'close'].map((e) => [e, win.listenerCount(e)])),
      app: Object.fromEntries(['before-quit', 'will-quit'].map((e) => [e, app.listenerCount(e)])),
    },
  });

  if (process.argv.includes('--proctor')) {
    // Proctor mode: the dashboard talks to the in-process hub over HTTP, not to the IPC API.
    report('proctor', { messageBoxes: record.messageBoxes });
    await quit(fake);
    return;
  }

  const required = await evaluatePreload(join(repoRoot, 'out', 'preload', 'index.cjs'), fake.preloadModule);
  const vigil = ipc.mainWorld.vigil as VigilBridge & Record<string, unknown>;
  report('preload', { required, worldKeys: Object.keys(ipc.mainWorld), names: Object.keys(vigil) });

  // The API end to end: preload -> ipcRenderer -> ipcMain router -> core services, events back.
  const states: string[] = [];
  vigil.on('attemptChanged', (data) => states.push((data as { state: string }).state));
  let terminal = '';
  const decoder = new TextDecoder();
  vigil.on('terminalOutput', (data) => {
    // The shell's bytes, as they crossed the (structured-cloning) IPC.
    const out = data as { sessionId: string; data: Uint8Array };
    if (out.sessionId === 'sum-function') terminal += decoder.decode(out.data, { stream: true });
  });
  const appInfo = unwrap<{ version: string }>(await vigil.getAppInfo(), 'getAppInfo');
  const exam = unwrap<{ title: string }>(await vigil.getExam(), 'getExam');
  unwrap(await vigil.checkIn({ candidateId: 'boot-1', candidateName: 'Boot Test' }), 'checkIn');
  unwrap(await vigil.completePreflight({}), 'completePreflight');
  const clearedBeforeStart = fake.module.clipboard.cleared.length;
  const started = unwrap<{ state: string }>(await vigil.startAttempt({}), 'startAttempt');
  const saved = unwrap<{ seq: number }>(await vigil.saveAnswer({ itemId: 'http-status', value: 'b' }), 'saveAnswer');
  unwrap(await vigil.terminalOpen({ sessionId: 'sum-function', cols: 80, rows: 24 }), 'terminalOpen');
  unwrap(await vigil.terminalWrite({ sessionId: 'sum-function', data: 'echo boot-$((40+2))\r' }), 'terminalWrite');
  await waitFor(() => terminal.includes('boot-42'), 'the terminal echo');
  await waitFor(() => states.includes('in-progress'), 'the attemptChanged event');
  ipc.setSenderFrame({ url: 'https://example.com/', parent: null });
  const foreign = await vigil.getExam();
  ipc.setSenderFrame({ url: 'app://vigil/index.html', parent: null });
  report('api', {
    appVersion: appInfo.version,
    examTitle: exam.title,
    startedState: started.state,
    savedSeq: saved.seq,
    states,
    terminalEcho: terminal.includes('boot-42'),
    clipboardClearedOnStart: fake.module.clipboard.cleared.length > clearedBeforeStart,
    foreign: foreign.ok ? 'accepted' : foreign.error.code,
  });

  await quit(fake);
}

/** Quits the app as a user would and lets the process end on its own. */
async function quit(fake: ReturnType<typeof createFakeElectronModule>): Promise<void> {
  const { app } = fake.module;
  app.quit();
  const end = await fake.ended;
  report('quit', {
    end,
    windows: fake.windows().length,
    powerSaveBlockers: [...fake.module.powerSaveBlocker.started.values()],
  });
  // Nothing more runs: if the process does not end now, something the app opened is still open.
  setTimeout(() => {
    report('lingering', { resources: process.getActiveResourcesInfo() });
    process.exit(3);
  }, LINGER_MS).unref();
}

main().catch((error: unknown) => {
  report('failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(2);
});
