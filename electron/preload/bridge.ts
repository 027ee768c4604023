import type { ContextBridge, IpcRenderer, IpcRendererEvent } from 'electron';
import { EVENT_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX, METHOD_NAMES } from '../../shared/apiNames.js';

type Listener = (data: unknown) => void;

/**
 * Builds `window.vigil`: one named function per request and `on(event, cb)`. Nothing else crosses
 * the bridge; ipcRenderer itself and IPC event objects (which carry `sender`) never do.
 */
export function exposeVigil(contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>, ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on'>): void {
  const listeners = new Map<string, Set<Listener>>();
  ipcRenderer.on(IPC_EVENT_CHANNEL, (_event: IpcRendererEvent, message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const { event, data } = message as { event?: unknown; data?: unknown };
    if (typeof event !== 'string') return;
    for (const listener of listeners.get(event) ?? []) listener(data);
  });

  const api: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) {
    api[name] = (params?: unknown) => ipcRenderer.invoke(IPC_PREFIX + name, params ?? {});
  }
  api.on = (event: string, listener: Listener) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new TypeError(`unknown event "${event}"`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };
  contextBridge.exposeInMainWorld('vigil', api);
}
