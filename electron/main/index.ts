/**
 * Electron entry and composition root: wires core services to the IPC transport, hardens the app,
 * opens the candidate window and puts it under the exam's lockdown policy. Everything with logic
 * lives in core/ or the small modules beside this file.
 */
import { join, resolve } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, net, powerMonitor, powerSaveBlocker, protocol, safeStorage, screen, session } from 'electron';
import { createSystemClock } from '../core/attempt/clock.js';
import type { EventData } from '../../shared/contract.js';
import { createCore } from '../core/app/createCore.js';
import { refusalViolation, type RefusalKind } from '../core/lockdown/refusals.js';
import { createSystemProbe } from '../core/lockdown/systemProbe.js';
import { violation, type LockdownViolation } from '../core/lockdown/violation.js';
import { loadPackage } from '../core/package/loadPackage.js';
import { loadProvisioning } from '../core/provisioning/loadProvisioning.js';
// electron-updater is CommonJS and defines autoUpdater with a lazy getter, which Node's ESM named
// exports cannot see: `import { autoUpdater }` fails to link. Through the default export it works.
import electronUpdater from 'electron-updater';
import { setUpUpdater } from './updater.js';
import { startProctorMode } from '../hub/proctorMode.js';
import { formatProblem } from '../core/package/types.js';
import { handleAppProtocol, registerAppScheme } from './appProtocol.js';
import { parseMainArgs } from './args.js';
import { hardenApp } from './hardening.js';
import { forwardEvents, registerIpcHandlers } from './ipc.js';
import { startLockdown } from './lockdown.js';
import { applicationMenuTemplate } from './menu.js';
import { runCleanupBeforeQuit } from './quitCleanup.js';
import { APP_ENTRY_URL } from './senderCheck.js';
import { createCandidateWindow } from './window.js';

registerAppScheme(protocol);
// Every renderer sandboxed, including any the app did not mean to create.
app.enableSandbox();

const gotLock = app.requestSingleInstanceLock();
if (!gotLock) app.quit();

async function main(): Promise<void> {
  await app.whenReady();
  // No accelerators for reload, devtools, zoom or quit; on macOS only an Edit menu (menu.ts).
  const menu = applicationMenuTemplate(process.platform);
  Menu.setApplicationMenu(menu ? Menu.buildFromTemplate(menu) : null);
  const args = parseMainArgs(process.argv.slice(1));
  // The operator's provisioning config (hub, pinned certificate, update channel, default exam).
  // No file: the defaults, a candidate on the bundled practice exam. A bad file: every problem, then stop.
  const provisioned = await loadProvisioning({ configFlag: args.config });
  if (!provisioned.ok) {
    dialog.showErrorBox('Vigil configuration is invalid', provisioned.problems.map(formatProblem).join('\n'));
    app.exit(1);
    return;
  }
  const provisioning = provisioned.provisioning;
  // Packaged builds carry the exams as extraResources; a source checkout has them under resources/.
  const bundledExams = app.isPackaged ? join(process.resourcesPath, 'exams') : join(app.getAppPath(), 'resources', 'exams');
  const examDir = resolve(args.exam ?? provisioning.defaultExam ?? join(bundledExams, 'demo'));
  const loaded = await loadPackage(examDir);
  if (!loaded.ok) {
    dialog.showErrorBox('Vigil cannot open this exam', loaded.problems.map(formatProblem).join('\n'));
    app.exit(1);
    return;
  }
  const exam = loaded.pkg.exam;

  if (args.proctor) {
    await runProctorMode(examDir, resolve(args.data ?? provisioning.dataDir ?? app.getPath('userData')));
    return;
  }

  const dataDir = resolve(args.data ?? provisioning.dataDir ?? app.getPath('userData'));
  // Set once the lockdown exists; a proctor's allow-quit reaches it through the attempt service.
  let allowQuit: () => void = () => {};
  const core = await createCore({
    preflightInput: () => ({ displays: screen.getAllDisplays().length, ignorePids: new Set([process.pid, process.ppid]) }),
    onAllowQuit: () => allowQuit(),
    ...(provisioning.hub ? { hub: { url: provisioning.hub.url, ...(provisioning.hub.fingerprint ? { fingerprint: provisioning.hub.fingerprint } : {}) } } : {}),
    pkg: loaded.pkg,
    dataDir,
    version: app.getVersion(),
    role: args.proctor ? 'proctor' : 'candidate',
    platform: process.platform,
    // The device's private key is encrypted with the OS keychain where Electron can reach one.
    keyProtector: safeStorage.isEncryptionAvailable() ? { encrypt: (b) => safeStorage.encryptString(b.toString('base64')), decrypt: (b) => Buffer.from(safeStorage.decryptString(b), 'base64') } : undefined,
  });
  const { bus, table } = core;

  // Every lockdown violation (monitors, refusals, blocked keys) goes to the open attempt's journal.
  const journalViolation = (found: LockdownViolation): void => {
    core.attempts.recordViolation(found).catch((error: unknown) => console.error(`vigil: could not journal ${found.kind}`, error));
  };
  const refused = (kind: RefusalKind, url: string): void => journalViolation(refusalViolation(kind, url));

  hardenApp({ app, session: session.defaultSession, platform: process.platform }, { refused, shortcut: (s) => journalViolation(violation('shortcut-blocked', 'info', `The ${s} shortcut was blocked.`, { shortcut: s })) });
  registerIpcHandlers({ ipcMain, table, onRefused: (method, url) => refused('ipc', `${method} from ${url ?? 'a destroyed frame'}`), onInternalError: (m, e) => console.error(`vigil: internal error in ${m}`, e) });
  handleAppProtocol(protocol, join(import.meta.dirname, '..', 'renderer'), (url) => net.fetch(url));

  const candidate = !args.proctor;
  const win = createCandidateWindow(BrowserWindow, join(import.meta.dirname, '..', 'preload', 'index.cjs'), {
    devTools: !app.isPackaged && process.env.VIGIL_DEVTOOLS === '1',
    kiosk: candidate && exam.policy.kiosk,
  });
  forwardEvents(bus, () => win.webContents);

  const lockdown = candidate
    ? startLockdown({
        electron: { app, screen, powerMonitor, powerSaveBlocker, clipboard },
        window: win,
        policy: exam.policy,
        practice: exam.mode === 'practice',
        platform: process.platform,
        clock: createSystemClock(),
        scheduler: { setInterval: (fn, ms) => setInterval(fn, ms), clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>) },
        probe: createSystemProbe(),
        getState: () => core.attempts.getAttempt()?.state ?? null,
        onViolation: journalViolation,
        onLock: (reason) => void core.attempts.lockByPolicy(reason === 'focus-loss' ? 'the exam window lost focus' : reason).catch((e: unknown) => console.error('vigil: policy lock failed', e)),
        onError: (error) => console.error('vigil: lockdown monitor failed', error),
        ignorePids: new Set([process.pid, process.ppid]),
      })
    : null;
  if (lockdown) {
    allowQuit = () => lockdown.quit.allowQuit();
    // Nothing copied before the exam pastes into it, and nothing from it outlives the exam.
    let lastState: string | null = core.attempts.getAttempt()?.state ?? null;
    bus.subscribe((event, data) => {
      if (event !== 'attemptChanged') return;
      const { state } = data as EventData<'attemptChanged'>;
      const started = lastState === 'ready' && state === 'in-progress';
      const ended = lastState !== 'sealed' && state === 'sealed';
      if (started || ended) lockdown.clearClipboard();
      lastState = state;
    });
  }

  // Updates: checked at start and when idle, never during an attempt (core/update/updatePolicy.ts).
  const { autoUpdater } = electronUpdater;
  const updater = setUpUpdater({
    autoUpdater,
    netSession: autoUpdater.netSession,
    provisioning,
    activity: () => {
      const attempt = core.attempts.getAttempt();
      return { attempt: attempt ? { state: attempt.state, mode: exam.mode } : null };
    },
    platform: process.platform,
    log: (line) => console.log(`vigil: ${line}`),
  });
  if (updater.enabled) {
    void updater.controller.start();
    bus.subscribe((event) => {
      if (event === 'attemptChanged') void updater.controller.activityChanged();
    });
  }

  runCleanupBeforeQuit(
    app,
    async () => {
      if (updater.enabled) updater.controller.stop();
      lockdown?.stop();
      await core.close();
    },
    { onError: (error) => console.error('vigil: closing failed', error) },
  );

  win.once('ready-to-show', () => win.show());
  await win.loadURL(APP_ENTRY_URL);
}

/**
 * Proctor mode (`npm start -- --proctor`): the hub in-process (core of it in hub/proctorMode.ts)
 * and a normal window on its dashboard. The window may reach that hub's origin and nothing else.
 */
async function runProctorMode(examDir: string, dataDir: string): Promise<void> {
  const proctor = await startProctorMode({ examDir, dataDir, rendererDir: join(import.meta.dirname, '..', 'renderer'), version: app.getVersion(), log: (line) => console.log(`vigil hub: ${line}`) });
  const refused = (kind: RefusalKind, url: string): void => console.warn(`vigil: refused ${kind} ${url}`);
  hardenApp({ app, session: session.defaultSession, platform: process.platform }, { refused, shortcut: () => {} }, { allowedOrigin: new URL(proctor.hub.url).origin });
  const { generated } = proctor.hub;
  if (generated.accessCode || generated.proctorPassword) {
    // Shown once, as `vigil hub` prints them: the proctor needs both and nothing else records them.
    await dialog.showMessageBox({
      type: 'info',
      title: 'Vigil proctor hub',
      message: `Candidates check in with access code ${proctor.hub.accessCode}.`,
      detail: `${generated.proctorPassword ? `Your proctor password for this session: ${generated.proctorPassword}\n` : ''}Hub: ${proctor.hub.url}`,
    });
  }
  const win = createCandidateWindow(BrowserWindow, join(import.meta.dirname, '..', 'preload', 'index.cjs'), { devTools: false, kiosk: false });
  runCleanupBeforeQuit(app, () => proctor.close(), { onError: (error) => console.error('vigil: closing the hub failed', error) });
  win.once('ready-to-show', () => win.show());
  await win.loadURL(proctor.dashboardUrl);
}

app.on('second-instance', () => {
  const [win] = BrowserWindow.getAllWindows();
  if (win?.isMinimized()) win.restore();
  win?.focus();
});
app.on('window-all-closed', () => app.quit());

if (gotLock) {
  main().catch((error: unknown) => {
    console.error('vigil: failed to start', error);
    app.exit(1);
  });
}
