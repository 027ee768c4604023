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
