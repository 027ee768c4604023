/**
 * Electron entry and composition root: wires core services to the IPC transport and opens the
 * candidate window. Everything with logic lives in core/ or the small modules beside this file.
 */
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session } from 'electron';
import { createCore } from '../core/app/createCore.js';
import { loadPackage } from '../core/package/loadPackage.js';
import { formatProblem } from '../core/package/types.js';
import { handleAppProtocol, registerAppScheme } from './appProtocol.js';
import { parseMainArgs } from './args.js';
import { forwardEvents, registerIpcHandlers } from './ipc.js';
import { APP_ENTRY_URL } from './senderCheck.js';
import { candidateWindowOptions, denyPermissions, hardenWebContents } from './window.js';

registerAppScheme(protocol);

const gotLock = app.requestSingleInstanceLock();
if (!gotLock) app.quit();

async function main(): Promise<void> {
  await app.whenReady();
  const args = parseMainArgs(process.argv.slice(1));
  const examDir = resolve(args.exam ?? join(app.getAppPath(), 'resources', 'exams', 'demo'));
  const loaded = await loadPackage(examDir);
  if (!loaded.ok) {
    dialog.showErrorBox('Vigil cannot open this exam', loaded.problems.map(formatProblem).join('\n'));
    app.exit(1);
    return;
  }

  const dataDir = resolve(args.data ?? app.getPath('userData'));
  const core = await createCore({
    pkg: loaded.pkg,
    dataDir,
    version: app.getVersion(),
    role: args.proctor ? 'proctor' : 'candidate',
    platform: process.platform,
    // The device's private key is encrypted with the OS keychain where Electron can reach one.
    keyProtector: safeStorage.isEncryptionAvailable() ? { encrypt: (b) => safeStorage.encryptString(b.toString('base64')), decrypt: (b) => Buffer.from(safeStorage.decryptString(b), 'base64') } : undefined,
  });
  const { bus, table } = core;
  app.on('will-quit', () => void core.close());
  const report = (kind: string, url: string | undefined) => console.warn(`vigil: refused ${kind} ${url ?? ''}`);
  registerIpcHandlers({ ipcMain, table, onRefused: (method, url) => report(`ipc ${method}`, url), onInternalError: (m, e) => console.error(`vigil: internal error in ${m}`, e) });

  const rendererDir = join(import.meta.dirname, '..', 'renderer');
  handleAppProtocol(protocol, rendererDir, (url) => net.fetch(url));
  denyPermissions(session.defaultSession, new Set(), report);

  const win = new BrowserWindow(candidateWindowOptions(join(import.meta.dirname, '..', 'preload', 'index.cjs'), { devTools: !app.isPackaged && process.env.VIGIL_DEVTOOLS === '1' }));
  win.removeMenu();
  hardenWebContents(win.webContents, report);
  forwardEvents(bus, () => win.webContents);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(APP_ENTRY_URL);
}

app.on('second-instance', () => {
  const [win] = BrowserWindow.getAllWindows();
  win?.focus();
});
app.on('window-all-closed', () => app.quit());

if (gotLock) {
  main().catch((error: unknown) => {
    console.error('vigil: failed to start', error);
    app.exit(1);
  });
}
