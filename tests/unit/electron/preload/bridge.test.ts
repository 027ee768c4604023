import { describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_PREFIX, METHOD_NAMES } from '../../../../shared/apiNames.js';
import type { VigilBridge } from '../../../../shared/contract.js';
import { exposeVigil } from '../../../../electron/preload/bridge.js';
import { createFakeElectron } from '../../../support/fakeElectron.js';

describe('preload bridge', () => {
  it('invokes one channel per request and never exposes ipcRenderer', async () => {
    const fake = createFakeElectron();
    const seen: Array<[string, unknown]> = [];
    for (const name of METHOD_NAMES) fake.ipcMain.handle(IPC_PREFIX + name, (_e: unknown, p: unknown) => (seen.push([name, p]), { ok: true, result: name }));
    exposeVigil(fake.contextBridge, fake.ipcRenderer);
    const vigil = fake.mainWorld.vigil as VigilBridge & Record<string, unknown>;
    expect(await vigil.getExam()).toEqual({ ok: true, result: 'getExam' });
    expect(seen).toEqual([['getExam', {}]]);
    expect(vigil.invoke).toBeUndefined();
    expect(vigil.send).toBeUndefined();
    expect(vigil.ipcRenderer).toBeUndefined();
  });

  it('routes events to their listeners without passing the IPC event object', () => {
    const fake = createFakeElectron();
    exposeVigil(fake.contextBridge, fake.ipcRenderer);
    const vigil = fake.mainWorld.vigil as VigilBridge;
    const args: unknown[][] = [];
    const off = vigil.on('notice', (...a: unknown[]) => args.push(a));
    fake.webContents.send(IPC_EVENT_CHANNEL, { event: 'notice', data: { level: 'info', text: 'x' } });
    off();
    fake.webContents.send(IPC_EVENT_CHANNEL, { event: 'notice', data: { level: 'info', text: 'y' } });
    expect(args).toEqual([[{ level: 'info', text: 'x' }]]);
  });
});
