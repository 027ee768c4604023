/**
 * What `import { app, ... } from 'electron'` resolves to in a process booted by bootMain.ts (see
 * fakeElectronHooks.ts): the named exports of the fake installed on globalThis. An import of a
 * name not listed here fails at link time, naming it.
 */
import { FAKE_ELECTRON_GLOBAL } from './fakeElectronGlobal.js';
import type { FakeElectronModule } from './fakeElectronModule.js';

const fake = (globalThis as Record<string, unknown>)[FAKE_ELECTRON_GLOBAL] as FakeElectronModule['module'] | undefined;
if (!fake) throw new Error("fake electron: import 'electron' outside a process set up by tests/support/bootMain.ts");

export const { app, BrowserWindow, ipcMain, protocol, net, session, screen, powerMonitor, powerSaveBlocker, clipboard, safeStorage, dialog, Menu } = fake;
export default fake;
