import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, METHOD_NAMES } from '../../shared/apiNames.js';
import type { EventData, Reply } from '../../shared/contract.js';
import { dispatch, type DispatchOptions } from '../core/api/dispatch.js';
import type { EventBus } from '../core/api/eventBus.js';
import type { HandlerTable } from '../core/api/handlerTable.js';
import { isTrustedSender, type FrameLike } from './senderCheck.js';

export interface IpcOptions extends DispatchOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  table: HandlerTable;
  /** Called for each refused call so it can be journaled. */
  onRefused?: (method: string, url: string | undefined) => void;
}

/** Registers one `ipcMain.handle` per request; every call is sender-checked, then dispatched. */
export function registerIpcHandlers(options: IpcOptions): () => void {
  for (const name of METHOD_NAMES) {
    options.ipcMain.handle(IPC_PREFIX + name, async (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, params: unknown): Promise<Reply> => {
      const frame = event.senderFrame as FrameLike | null;
      if (!isTrustedSender(frame)) {
        options.onRefused?.(name, frame?.url);
        return { ok: false, error: { code: 'forbidden', message: `${name}: calls are only accepted from the Vigil window` } };
      }
      return dispatch(options.table, name, params, { transport: 'ipc' }, options);
    });
  }
  return () => {
    for (const name of METHOD_NAMES) options.ipcMain.removeHandler(IPC_PREFIX + name);
  };
}

/**
 * Forwards contract events from the bus to a window's renderer. IPC serialises with the structured
 * clone algorithm, so terminal output crosses as bytes (no JSON, no string); Electron's `send` has
 * no transfer list (only MessagePorts transfer), so the bytes are copied once, and the copy is
 * exactly the output: a Buffer is often a view into a larger pooled ArrayBuffer, which the clone
 * would otherwise carry whole.
 */
export function forwardEvents(bus: EventBus, getTarget: () => Pick<WebContents, 'send' | 'isDestroyed'> | null): () => void {
  return bus.subscribe((event, data) => {
    const target = getTarget();
    if (!target || target.isDestroyed()) return;
    if (event === 'terminalOutput') {
      const output = data as EventData<'terminalOutput'>;
      target.send(IPC_EVENT_CHANNEL, { event, data: { ...output, data: exactBytes(output.data) } });
    } else {
      target.send(IPC_EVENT_CHANNEL, { event, data });
    }
  });
}

function exactBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && !Buffer.isBuffer(bytes)) return bytes;
  return new Uint8Array(bytes);
}
