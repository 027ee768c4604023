/**
 * One contract suite, run against both transports: Electron IPC (main's handlers, the real
 * preload bridge, a fake of the Electron IPC objects) and the headless host's WebSocket (a real
 * server on 127.0.0.1). Both must behave identically.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { VigilApi, VigilBridge } from '../../../shared/contract.js';
import { createEventBus, type EventBus } from '../../../electron/core/api/eventBus.js';
import { createHandlers } from '../../../electron/core/api/createHandlers.js';
import { loadPackage } from '../../../electron/core/package/loadPackage.js';
import { startHost, WS_PATH } from '../../../electron/host/startHost.js';
import { forwardEvents, registerIpcHandlers } from '../../../electron/main/ipc.js';
import { exposeVigil } from '../../../electron/preload/bridge.js';
import { ApiCallError } from '../../../renderer/src/api/apiCallError.js';
import { createClient } from '../../../renderer/src/api/client.js';
import { createWsBridge, type WebSocketLike } from '../../../renderer/src/api/wsBridge.js';
import { createFakeElectron } from '../../support/fakeElectron.js';
import { demoExamDir } from '../../support/paths.js';

interface Harness {
  bridge: VigilBridge;
  api: VigilApi;
  bus: EventBus;
  close(): Promise<void>;
}

async function ipcHarness(): Promise<Harness> {
  const loaded = await loadPackage(demoExamDir);
  if (!loaded.ok) throw new Error('demo package must load');
  const fake = createFakeElectron();
  const bus = createEventBus();
  const table = createHandlers({ version: '1.2.3', role: 'candidate', platform: 'test', pkg: loaded.pkg });
  const unregister = registerIpcHandlers({ ipcMain: fake.ipcMain, table });
  const stopEvents = forwardEvents(bus, () => fake.webContents);
  exposeVigil(fake.contextBridge, fake.ipcRenderer);
  const bridge = fake.mainWorld.vigil as VigilBridge;
  return {
    bridge,
    api: createClient(bridge),
    bus,
    async close() {
      stopEvents();
      unregister();
    },
  };
}

async function wsHarness(): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-contract-'));
  const rendererDir = join(dataDir, 'renderer');
  await import('node:fs/promises').then((fs) => fs.mkdir(rendererDir));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
  const host = await startHost({ examDir: demoExamDir, dataDir: join(dataDir, 'data'), rendererDir, version: '1.2.3' });
  const origin = host.url.slice(0, -1);
  const bridge = createWsBridge(`${origin.replace('http', 'ws')}${WS_PATH}`, (url) => new WebSocket(url, { origin }) as unknown as WebSocketLike);
  return {
    bridge,
    api: createClient(bridge),
    bus: host.bus,
    async close() {
      bridge.close();
      await host.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

describe.each([
  ['electron ipc', ipcHarness],
  ['websocket', wsHarness],
])('API contract over %s', (_name, makeHarness) => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers getAppInfo', async () => {
    const info = await h.api.getAppInfo({});
    expect(info).toMatchObject({ name: 'Vigil', version: '1.2.3', role: 'candidate' });
  });

  it('serves the demo exam with its title and sections, without key material', async () => {
    const exam = await h.api.getExam({});
    expect(exam.title).toBe('Vigil Practice Exam');
    expect(exam.sections.map((s) => s.id)).toEqual(['basics', 'practice']);
    const text = JSON.stringify(exam);
    expect(text).not.toContain('"answer"');
    expect(text).not.toContain('rubric');
  });

  it('turns bad params into a validation error naming the field, never a throw through the transport', async () => {
    const reply = await h.bridge.getExam({ unexpected: 1 } as never);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid-params');
    expect(reply.error.message).toContain('unexpected');
    await expect(h.api.getExam({ unexpected: 1 } as never)).rejects.toBeInstanceOf(ApiCallError);
    // The transport is still usable afterwards.
    expect((await h.api.getAppInfo({})).name).toBe('Vigil');
  });

  it('rejects params that are not an object', async () => {
    const reply = await h.bridge.getAppInfo('nonsense' as never);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
  });

  it('delivers events to subscribers until they unsubscribe', async () => {
    const seen: string[] = [];
    const off = h.api.on('notice', (n) => seen.push(n.text));
    h.bus.emit('notice', { level: 'info', text: 'first' });
    await expect.poll(() => seen).toEqual(['first']);
    off();
    // A second listener that keeps receiving proves events still flow while the first stays silent.
    const later: string[] = [];
    const off2 = h.api.on('notice', (n) => later.push(n.text));
    h.bus.emit('notice', { level: 'info', text: 'second' });
    h.bus.emit('notice', { level: 'warning', text: 'third' });
    await expect.poll(() => later).toEqual(['second', 'third']);
    off2();
    expect(seen).toEqual(['first']);
  });

  it('refuses to subscribe to an event that is not in the contract', () => {
    expect(() => h.bridge.on('nope' as never, () => {})).toThrow(/unknown event/);
  });
});

describe('transport-specific guards', () => {
  it('IPC: a call from another frame or origin is refused as forbidden', async () => {
    const loaded = await loadPackage(demoExamDir);
    if (!loaded.ok) throw new Error('demo package must load');
    const fake = createFakeElectron();
    const refused: string[] = [];
    registerIpcHandlers({
      ipcMain: fake.ipcMain,
      table: createHandlers({ version: '1', role: 'candidate', platform: 'test', pkg: loaded.pkg }),
      onRefused: (method, url) => refused.push(`${method} ${url}`),
    });
    exposeVigil(fake.contextBridge, fake.ipcRenderer);
    const bridge = fake.mainWorld.vigil as VigilBridge;

    fake.setSenderFrame({ url: 'https://evil.example/', parent: null });
    expect(await bridge.getExam({})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    fake.setSenderFrame({ url: 'app://vigil/index.html', parent: { url: 'app://vigil/index.html', parent: null } });
    expect(await bridge.getExam({})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    fake.setSenderFrame(null);
    expect(await bridge.getExam({})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(refused).toEqual(['getExam https://evil.example/', 'getExam app://vigil/index.html', 'getExam undefined']);

    fake.setSenderFrame({ url: 'app://vigil/index.html', parent: null });
    expect(await bridge.getExam({})).toMatchObject({ ok: true });
  });

  it('IPC: the preload exposes only the contract functions and on()', async () => {
    const fake = createFakeElectron();
    exposeVigil(fake.contextBridge, fake.ipcRenderer);
    expect(Object.keys(fake.mainWorld)).toEqual(['vigil']);
    expect(Object.keys(fake.mainWorld.vigil as object).sort()).toEqual(['getAppInfo', 'getExam', 'on']);
  });

  describe('WebSocket', () => {
    let dataDir: string;
    let host: Awaited<ReturnType<typeof startHost>>;
    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'vigil-ws-'));
      const rendererDir = join(dataDir, 'renderer');
      await import('node:fs/promises').then((fs) => fs.mkdir(rendererDir));
      await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
      host = await startHost({ examDir: demoExamDir, dataDir: join(dataDir, 'data'), rendererDir });
    });
    afterAll(async () => {
      await host.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    const wsUrl = () => `${host.url.replace('http', 'ws').slice(0, -1)}${WS_PATH}`;

    it('refuses a connection from another origin', async () => {
      const ws = new WebSocket(wsUrl(), { origin: 'https://evil.example' });
      const status = await new Promise<number | undefined>((resolve) => {
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
        ws.on('open', () => resolve(101));
        ws.on('error', () => resolve(undefined));
      });
      expect(status).toBe(403);
    });

    it('answers malformed frames with an error and keeps the connection', async () => {
      const ws = new WebSocket(wsUrl(), { origin: host.url.slice(0, -1) });
      await new Promise((resolve) => ws.once('open', resolve));
      const next = () => new Promise<Record<string, unknown>>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)) as Record<string, unknown>)));
      ws.send('{not json');
      expect(await next()).toMatchObject({ id: null, error: { code: 'invalid-params' } });
      ws.send(JSON.stringify({ id: 7, method: 'noSuchMethod', params: {} }));
      expect(await next()).toMatchObject({ id: 7, error: { code: 'unknown-method' } });
      ws.send(JSON.stringify({ id: 8, method: 'getAppInfo', params: {} }));
      expect(await next()).toMatchObject({ id: 8, result: { name: 'Vigil' } });
      ws.close();
    });

    it('serves the page with a Content-Security-Policy', async () => {
      const res = await fetch(host.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    });
  });
});
