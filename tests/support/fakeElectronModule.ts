/**
 * The whole `electron` module as the built main bundle sees it, assembled from the fakes in
 * fakeElectron.ts plus what only a booting app needs (app readiness, BrowserWindow, protocol, net,
 * dialog, Menu). It keeps Electron's ordering rules that a composition mistake would break:
 * schemes are registered and the sandbox enabled before 'ready'; protocol handlers and windows
 * only after. Every object is strict: reading an API the fake does not implement throws, naming it,
 * so a bundle that starts using more of Electron fails loudly here instead of getting `undefined`.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createFakeClipboard, createFakeElectron, createFakeEmitter, createFakePowerSaveBlocker, createFakeScreen, createFakeSession, type FakeEmitter } from './fakeElectron.js';

/** Reads the runtime itself makes of any value (await, JSON, util.inspect, ESM/CJS interop). */
const RUNTIME_PROBES = new Set(['then', 'toJSON', '__esModule', 'inspect', 'nodeType', 'asymmetricMatch', '$$typeof']);

/** `target`, except that reading a property it does not have throws. */
export function strict<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || prop in t || RUNTIME_PROBES.has(prop)) return Reflect.get(t, prop, receiver) as unknown;
      throw new Error(`fake electron: ${name}.${prop} is not implemented (extend tests/support/fakeElectronModule.ts if the app really needs it)`);
    },
  });
}

export interface LoadedPage {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How the app ended: app.quit() went through every event, or app.exit(code). */
export type AppEnd = { how: 'quit' } | { how: 'exit'; code: number };

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** A BrowserWindow as the fake makes it: Electron's calls the app uses, plus what a test reads. */
export interface FakeBrowserWindow extends FakeEmitter {
  id: number;
  options: Record<string, unknown>;
  calls: Array<[string, ...unknown[]]>;
  shown: boolean;
  webContents: FakeEmitter & { id: number; openHandler: null | ((details: { url: string }) => { action: string }); getURL(): string; isDestroyed(): boolean };
  loadURL(url: string): Promise<void>;
  isDestroyed(): boolean;
  close(): void;
}

export interface FakeElectronOptions {
  appPath: string;
  userData: string;
  version: string;
}

export function createFakeElectronModule(opts: FakeElectronOptions) {
  const ipc = createFakeElectron();
  let ready = false;
  let quitting = false;
  let signalReady: () => void = () => {};
  const readyPromise = new Promise<void>((r) => (signalReady = r));
  let end: (how: AppEnd) => void = () => {};
  const ended = new Promise<AppEnd>((r) => (end = r));

  const record = {
    sandboxEnabled: false,
    singleInstanceLock: false,
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, ProtocolHandler>(),
    /** Every Menu.setApplicationMenu argument, in order. */
    menus: [] as unknown[],
    errorBoxes: [] as Array<{ title: string; content: string }>,
    messageBoxes: [] as unknown[],
    pages: [] as LoadedPage[],
  };

  const windows: FakeBrowserWindow[] = [];
  let nextId = 1;
  const onLoaded: Array<(win: FakeBrowserWindow) => void> = [];

  const app = strict(
    'app',
    Object.assign(createFakeEmitter(), {
      isPackaged: false,
      enableSandbox() {
        if (ready) throw new Error('app.enableSandbox() can only be called before app is ready');
        record.sandboxEnabled = true;
      },
      requestSingleInstanceLock() {
        record.singleInstanceLock = true;
        return true;
      },
      isReady: () => ready,
      whenReady: () => readyPromise,
      getAppPath: () => opts.appPath,
      getPath(name: string) {
        if (name === 'userData') return opts.userData;
        throw new Error(`fake electron: app.getPath('${name}') is not implemented`);
      },
      getVersion: () => opts.version,
      getName: () => 'vigil',
      /** Electron's quit sequence: before-quit, each window's close, will-quit, then quit. */
      quit() {
        if (app.emit('before-quit').defaultPrevented) return;
        quitting = true;
        for (const win of [...windows]) {
          win.close();
          if (!win.isDestroyed()) {
            quitting = false;
            return;
          }
        }
        if (app.emit('will-quit').defaultPrevented) return;
        app.emit('quit', 0);
        end({ how: 'quit' });
      },
      exit(code = 0) {
        end({ how: 'exit', code });
      },
    }),
  );

  function createWindow(options: Record<string, unknown>): FakeBrowserWindow {
    if (!ready) throw new Error('Cannot create BrowserWindow before app is ready');
    let destroyed = false;
    let url = '';
    const contents = strict(
      'webContents',
      Object.assign(createFakeEmitter(), {
        id: nextId,
        openHandler: null as null | ((details: { url: string }) => { action: string }),
        setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
          contents.openHandler = handler;
        },
        getURL: () => url,
        send: (channel: string, ...args: unknown[]) => ipc.webContents.send(channel, ...args),
        isDestroyed: () => destroyed,
      }),
    );
    const calls: Array<[string, ...unknown[]]> = [];
    const win: FakeBrowserWindow = strict(
      'BrowserWindow',
      Object.assign(createFakeEmitter(), {
        id: nextId++,
        options,
        calls,
        shown: false,
        webContents: contents,
        async loadURL(target: string) {
          const scheme = new URL(target).protocol.slice(0, -1);
          const handler = record.protocolHandlers.get(scheme);
          let response: Response;
          if (handler) response = await handler(new Request(target));
          else if (scheme === 'http' || scheme === 'https') response = await fetch(target);
          else throw new Error(`ERR_UNKNOWN_URL_SCHEME: no protocol handler for ${scheme}: (loading ${target})`);
          url = target;
          record.pages.push({ url: target, status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() });
          contents.emit('did-finish-load');
          win.emit('ready-to-show');
          for (const listener of onLoaded.splice(0)) listener(win);
        },
        show() {
          win.shown = true;
        },
        isMinimized: () => false,
        restore: () => void calls.push(['restore']),
        focus: () => void calls.push(['focus']),
        removeMenu: () => void calls.push(['removeMenu']),
        setAlwaysOnTop: (flag: boolean, level?: string) => void calls.push(['setAlwaysOnTop', flag, level]),
        setContentProtection: (enable: boolean) => void calls.push(['setContentProtection', enable]),
        isDestroyed: () => destroyed,
        close() {
          if (destroyed || win.emit('close').defaultPrevented) return;
          destroyed = true;
          windows.splice(windows.indexOf(win), 1);
          win.emit('closed');
          // Electron does not emit it while quitting: app.quit() closes the windows itself.
          if (windows.length === 0 && !quitting) app.emit('window-all-closed');
        },
      }),
    );
    windows.push(win);
    // Electron announces every WebContents the app creates; the hardening listens for it.
    app.emit('web-contents-created', contents);
    return win;
  }

  class BrowserWindow {
    constructor(options: Record<string, unknown>) {
      return createWindow(options);
    }
    static getAllWindows() {
      return [...windows];
    }
  }

  const sessions = new Map<string, ReturnType<typeof createFakeSession>>();
  const defaultSession = strict('session.defaultSession', Object.assign(createFakeSession(), { setCertificateVerifyProc: () => {} }));
  const module = strict('electron', {
    app,
    BrowserWindow: strict('BrowserWindow (class)', BrowserWindow),
    ipcMain: strict('ipcMain', ipc.ipcMain),
    protocol: strict('protocol', {
      registerSchemesAsPrivileged(schemes: unknown[]) {
        if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
        record.schemes.push(...schemes);
      },
      handle(scheme: string, handler: ProtocolHandler) {
        if (!ready) throw new Error('protocol.handle can only be used after app is ready');
        if (record.protocolHandlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
        record.protocolHandlers.set(scheme, handler);
      },
    }),
    net: strict('net', {
      async fetch(url: string) {
        if (!url.startsWith('file:')) throw new Error(`fake electron: net.fetch serves file:// only, not ${url}`);
        return new Response(await readFile(fileURLToPath(url)));
      },
    }),
    session: strict('session', {
      defaultSession,
      fromPartition(partition: string) {
        let s = sessions.get(partition);
        if (!s) sessions.set(partition, (s = strict(`session(${partition})`, Object.assign(createFakeSession(), { setCertificateVerifyProc: () => {} }))));
        return s;
      },
    }),
    screen: strict('screen', createFakeScreen([{ id: 1, label: 'fake display', size: { width: 1366, height: 768 } }])),
    powerMonitor: strict('powerMonitor', createFakeEmitter()),
    powerSaveBlocker: strict('powerSaveBlocker', createFakePowerSaveBlocker()),
    clipboard: strict('clipboard', createFakeClipboard()),
    safeStorage: strict('safeStorage', { isEncryptionAvailable: () => false }),
    dialog: strict('dialog', {
      showErrorBox(title: string, content: string) {
        record.errorBoxes.push({ title, content });
      },
      async showMessageBox(options: unknown) {
        record.messageBoxes.push(options);
        return { response: 0, checkboxChecked: false };
      },
    }),
    Menu: strict('Menu', {
      setApplicationMenu(menu: unknown) {
        record.menus.push(menu);
      },
      buildFromTemplate: (template: unknown[]) => ({ template }),
    }),
  });

  return {
    /** What `import ... from 'electron'` and `require('electron')` give the main bundle. */
    module,
    /** What a sandboxed preload gets from `require('electron')`. */
    preloadModule: strict('electron (sandboxed preload)', { contextBridge: ipc.contextBridge, ipcRenderer: ipc.ipcRenderer }),
    ipc,
    record,
    windows: () => [...windows],
    defaultSession,
    /** Emits 'ready', as Electron does once it has initialised. */
    emitReady() {
      ready = true;
      app.emit('ready');
      signalReady();
    },
    /** Settles when a window has loaded a page. */
    firstLoad: new Promise<void>((r) => onLoaded.push(() => r())),
    ended,
  };
}

export type FakeElectronModule = ReturnType<typeof createFakeElectronModule>;
