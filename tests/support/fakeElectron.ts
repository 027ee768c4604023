/**
 * A small fake of the few Electron APIs main and preload use (ipcMain, ipcRenderer, contextBridge,
 * webContents), because the Electron binary cannot run here. Values crossing the fake "process"
 * boundary are structured-cloned, as Electron's IPC does, so a test cannot pass by sharing objects.
 */
import type { ContextBridge, IpcMain, IpcRenderer, WebContents } from 'electron';

type MainHandler = (event: { senderFrame: FakeFrame | null }, ...args: unknown[]) => unknown;
type RendererListener = (event: { sender: unknown }, ...args: unknown[]) => void;

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export function createFakeElectron() {
  const handlers = new Map<string, MainHandler>();
  const rendererListeners = new Map<string, Set<RendererListener>>();
  let senderFrame: FakeFrame | null = { url: 'app://vigil/index.html', parent: null };
  const mainWorld: Record<string, unknown> = {};

  const ipcMain = {
    handle(channel: string, handler: MainHandler) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };

  const ipcRenderer = {
    async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
      const result = await handler({ senderFrame }, ...structuredClone(args));
      return structuredClone(result);
    },
    on(channel: string, listener: RendererListener) {
      let set = rendererListeners.get(channel);
      if (!set) rendererListeners.set(channel, (set = new Set()));
      set.add(listener);
      return ipcRenderer;
    },
  };

  const webContents = {
    destroyed: false,
    send(channel: string, ...args: unknown[]) {
      for (const listener of rendererListeners.get(channel) ?? []) listener({ sender: ipcRenderer }, ...structuredClone(args));
    },
    isDestroyed() {
      return webContents.destroyed;
    },
  };

  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      if (key in mainWorld) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
      mainWorld[key] = api;
    },
  };

  return {
    ipcMain: ipcMain as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>,
    ipcRenderer: ipcRenderer as unknown as Pick<IpcRenderer, 'invoke' | 'on'>,
    contextBridge: contextBridge as unknown as Pick<ContextBridge, 'exposeInMainWorld'>,
    webContents: webContents as unknown as Pick<WebContents, 'send' | 'isDestroyed'> & { destroyed: boolean },
    mainWorld,
    handlerChannels: () => [...handlers.keys()],
    setSenderFrame(frame: FakeFrame | null) {
      senderFrame = frame;
    },
  };
}

// ---- Lockdown fakes: emitters, windows, screen, power, clipboard, app, session -------------------

/** The event object Electron passes to cancellable listeners. */
export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent<T extends object>(extra?: T): FakeEvent & T {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return Object.assign(event, extra ?? ({} as T));
}

type AnyListener = (...args: never[]) => unknown;

/**
 * A minimal EventEmitter with Electron's habit of passing an event object first: `emit(name,
 * ...args)` calls each listener with `(event, ...args)` and returns the event, so a test sees
 * whether a listener called preventDefault. `emitRaw` passes the arguments as they are.
 */
export function createFakeEmitter() {
  const listeners = new Map<string, Set<AnyListener>>();
  const emitter = {
    on(event: string, listener: AnyListener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return emitter;
    },
    once(event: string, listener: AnyListener) {
      const wrapped = ((...args: never[]) => {
        emitter.removeListener(event, wrapped);
        return listener(...args);
      }) as AnyListener;
      return emitter.on(event, wrapped);
    },
    removeListener(event: string, listener: AnyListener) {
      listeners.get(event)?.delete(listener);
      return emitter;
    },
    off(event: string, listener: AnyListener) {
      return emitter.removeListener(event, listener);
    },
    emit(event: string, ...args: unknown[]): FakeEvent {
      const e = fakeEvent();
      for (const listener of [...(listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => unknown)(e, ...args);
      return e;
    },
    emitRaw(event: string, ...args: unknown[]): void {
      for (const listener of [...(listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => unknown)(...args);
    },
    listenerCount(event: string): number {
      return listeners.get(event)?.size ?? 0;
    },
  };
  return emitter;
}

export type FakeEmitter = ReturnType<typeof createFakeEmitter>;

/** A BrowserWindow: records the lockdown calls and emits window events. */
export function createFakeWindow() {
  const calls: Array<[string, ...unknown[]]> = [];
  const contents = Object.assign(createFakeEmitter(), {
    openHandler: null as null | ((details: { url: string }) => { action: string }),
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      contents.openHandler = handler;
    },
    getURL: () => 'app://vigil/index.html',
  });
  const win = Object.assign(createFakeEmitter(), {
    calls,
    webContents: contents,
    removeMenu: () => void calls.push(['removeMenu']),
    setAlwaysOnTop: (flag: boolean, level?: string) => void calls.push(['setAlwaysOnTop', flag, level]),
    setContentProtection: (enable: boolean) => void calls.push(['setContentProtection', enable]),
  });
  return win;
}

export interface FakeDisplay {
  id: number;
  label?: string;
  size?: { width: number; height: number };
}

/** Electron's screen module with a display list the test changes. */
export function createFakeScreen(initial: FakeDisplay[]) {
  const displays = [...initial];
  const screen = Object.assign(createFakeEmitter(), {
    getAllDisplays: () => [...displays],
    plug(display: FakeDisplay) {
      displays.push(display);
      screen.emit('display-added', display);
    },
    unplug(id: number) {
      const index = displays.findIndex((d) => d.id === id);
      const [removed] = displays.splice(index, 1);
      screen.emit('display-removed', removed);
    },
  });
  return screen;
}

/** powerSaveBlocker with ids and the blockers currently started. */
export function createFakePowerSaveBlocker() {
  const started = new Map<number, string>();
  let next = 1;
  return {
    started,
    start(type: string) {
      const id = next++;
      started.set(id, type);
      return id;
    },
    stop(id: number) {
      return started.delete(id);
    },
    isStarted(id: number) {
      return started.has(id);
    },
  };
}

/** The clipboard: records clears per type ('clipboard' when none is given). */
export function createFakeClipboard() {
  const cleared: string[] = [];
  return { cleared, clear: (type?: string) => void cleared.push(type ?? 'clipboard') };
}

/** app: an emitter whose quit() runs Electron's quit sequence (before-quit, window close, will-quit). */
export function createFakeApp(windows: () => FakeEmitter[] = () => []) {
  const app = Object.assign(createFakeEmitter(), {
    quitCount: 0,
    /** True once a quit went through every event without being cancelled. */
    quitted: false,
    quit() {
      app.quitCount++;
      if (app.emit('before-quit').defaultPrevented) return;
      for (const win of windows()) if (win.emit('close').defaultPrevented) return;
      if (app.emit('will-quit').defaultPrevented) return;
      app.quitted = true;
    },
  });
  return app;
}

/** A Session with the permission and request handlers the hardening installs. */
export function createFakeSession() {
  const handlers: {
    request?: (contents: { getURL(): string }, permission: string, callback: (granted: boolean) => void, details?: { requestingUrl?: string }) => void;
    check?: (contents: unknown, permission: string, origin: string) => boolean;
    device?: (details: { deviceType: string; origin: string }) => boolean;
    displayMedia?: (request: { securityOrigin?: string }, callback: (streams: unknown) => void) => void;
    beforeRequest?: (details: { url: string; webContentsId?: number }, callback: (response: { cancel: boolean }) => void) => void;
    beforeRequestFilter?: { urls: string[] };
  } = {};
  const session = Object.assign(createFakeEmitter(), {
    handlers,
    setPermissionRequestHandler: (h: typeof handlers.request) => void (handlers.request = h),
    setPermissionCheckHandler: (h: typeof handlers.check) => void (handlers.check = h),
    setDevicePermissionHandler: (h: typeof handlers.device) => void (handlers.device = h),
    setDisplayMediaRequestHandler: (h: typeof handlers.displayMedia) => void (handlers.displayMedia = h),
    webRequest: {
      onBeforeRequest(filter: { urls: string[] }, h: typeof handlers.beforeRequest) {
        handlers.beforeRequestFilter = filter;
        handlers.beforeRequest = h;
      },
    },
  });
  return session;
}
