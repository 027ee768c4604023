import { describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_PREFIX } from '../../../../shared/apiNames.js';
import { createEventBus } from '../../../../electron/core/api/eventBus.js';
import type { HandlerTable } from '../../../../electron/core/api/handlerTable.js';
import { forwardEvents, registerIpcHandlers } from '../../../../electron/main/ipc.js';
import { createFakeElectron } from '../../../support/fakeElectron.js';

describe('IPC sender checks', () => {
  function setup() {
    const fake = createFakeElectron();
    const refused: Array<[string, string | undefined]> = [];
    let calls = 0;
    const table = new Proxy({}, { get: () => async () => (calls++, null) }) as unknown as HandlerTable;
    registerIpcHandlers({ ipcMain: fake.ipcMain, table, onRefused: (m, u) => refused.push([m, u]) });
    return { fake, refused, calls: () => calls };
  }

  it.each([
    ['a subframe of our page', { url: 'app://vigil/index.html', parent: { url: 'app://vigil/index.html', parent: null } }],
    ['another origin', { url: 'https://evil.example/', parent: null }],
    ['a look-alike host', { url: 'app://vigil.evil.example/', parent: null }],
    ['a file:// page', { url: 'file:///tmp/index.html', parent: null }],
    ['a destroyed frame', null],
  ])('refuses calls from %s before dispatch, and reports them', async (_name, frame) => {
    const s = setup();
    s.fake.setSenderFrame(frame);
    const reply = await s.fake.ipcRenderer.invoke(`${IPC_PREFIX}getExam`, {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(s.calls()).toBe(0);
    expect(s.refused).toEqual([['getExam', frame?.url]]);
  });

  it('forwards events only to a live window', () => {
    const fake = createFakeElectron();
    const bus = createEventBus();
    const seen: unknown[] = [];
    fake.ipcRenderer.on(IPC_EVENT_CHANNEL, (_e, m) => seen.push(m));
    forwardEvents(bus, () => fake.webContents);
    bus.emit('notice', { level: 'info', text: 'x' });
    fake.webContents.destroyed = true;
    bus.emit('notice', { level: 'info', text: 'y' });
    expect(seen).toEqual([{ event: 'notice', data: { level: 'info', text: 'x' } }]);
  });

  it('sends terminal output as bytes of exactly its size, not the pooled buffer behind it', () => {
    const fake = createFakeElectron();
    const bus = createEventBus();
    const seen: Array<{ event: string; data: { sessionId: string; data: Uint8Array } }> = [];
    fake.ipcRenderer.on(IPC_EVENT_CHANNEL, (_e, m) => seen.push(m as (typeof seen)[number]));
    forwardEvents(bus, () => fake.webContents);
    // A small Buffer is a view into Node's shared 8 KiB pool.
    const output = Buffer.from([0x68, 0x69, 0xff]);
    expect(output.buffer.byteLength).toBeGreaterThan(output.length);
    bus.emit('terminalOutput', { sessionId: 'sum', data: output });
    const got = seen[0]?.data.data as Uint8Array;
    expect(got).toBeInstanceOf(Uint8Array);
    expect([...got]).toEqual([0x68, 0x69, 0xff]);
    expect(got.buffer.byteLength).toBe(3);
  });
});
