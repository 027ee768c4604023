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
import { METHOD_NAMES, type VigilApi, type VigilBridge } from '../../../shared/contract.js';
import type { EventBus } from '../../../electron/core/api/eventBus.js';
import { createCore } from '../../../electron/core/app/createCore.js';
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
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-contract-ipc-'));
  const core = await createCore({ pkg: loaded.pkg, dataDir, version: '1.2.3', role: 'candidate', platform: 'test' });
  const { bus, table } = core;
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
      await core.close();
      await rm(dataDir, { recursive: true, force: true });
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

  it('names the missing field when check-in params are incomplete', async () => {
    const reply = await h.bridge.checkIn({ candidateName: 'Ada' } as never);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    if (!reply.ok) expect(reply.error.message).toContain('params.candidateId');
  });

  it('runs an attempt end to end: check-in, pre-flight, start, save, flag, submit, graded result', async () => {
    const changes: string[] = [];
    const off = h.api.on('attemptChanged', (a) => changes.push(a.state));
    expect(await h.api.getAttempt({})).toBeNull();
    const checkedIn = await h.api.checkIn({ candidateId: 'c-1', candidateName: 'Ada Lovelace' });
    expect(checkedIn.state).toBe('preflight');
    const { checks } = await h.api.getPreflight({});
    expect(checks.map((c) => c.id)).toContain('storage');
    expect((await h.api.completePreflight({})).state).toBe('ready');
    const started = await h.api.startAttempt({});
    expect(started.state).toBe('in-progress');
    expect(started.timer.running).toBe(true);

    const bad = await h.bridge.saveAnswer({ itemId: 'http-status', value: 'zz' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    if (!bad.ok) expect(bad.error.message).toContain('params.value');
    const saved = await h.api.saveAnswer({ itemId: 'http-status', value: 'b' });
    expect(saved.seq).toBeGreaterThan(0);
    await h.api.saveAnswer({ itemId: 'latency-budget', value: 140 });
    await h.api.setFlag({ itemId: 'cache-header', flagged: true });
    const query = await h.api.runSql({ itemId: 'top-customers', query: 'SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id HAVING COUNT(*) >= 2' });
    expect(query).toMatchObject({ ok: true, columns: ['customer_id', 'n'] });
    const mid = await h.api.getAttempt({});
    expect(mid?.answers['http-status']?.value).toBe('b');
    expect(mid?.flags).toEqual(['cache-header']);

    // The coding item's sandboxed shell: output comes back as events, input goes in as requests.
    // Output arrives as bytes, exactly as the program wrote them: nothing decoded on the way.
    let output = '';
    const received: Uint8Array[] = [];
    const decoder = new TextDecoder();
    const offOut = h.api.on('terminalOutput', (e) => {
      if (e.sessionId !== 'sum-function') return;
      expect(e.data).toBeInstanceOf(Uint8Array);
      received.push(e.data.slice());
      output += decoder.decode(e.data, { stream: true });
    });
    const info = await h.api.terminalOpen({ sessionId: 'sum-function', cols: 80, rows: 24 });
    expect(info).toMatchObject({ sessionId: 'sum-function', state: 'running', sandboxed: true });
    await h.api.terminalWrite({ sessionId: 'sum-function', data: 'echo vigil-$((40+2)); ls; printf "raw-\\377\\376-end-%d\\n" 7\r' });
    await expect.poll(() => output, { timeout: 10_000 }).toMatch(/vigil-42[\s\S]*sum\.js[\s\S]*-end-7/);
    // Bytes 0xff 0xfe are no UTF-8: any decoding on the way would have turned them into U+FFFD.
    const all = Buffer.concat(received);
    expect(all.includes(Buffer.from([0x72, 0x61, 0x77, 0x2d, 0xff, 0xfe, 0x2d, 0x65, 0x6e, 0x64]))).toBe(true);
    await h.api.terminalAck({ sessionId: 'sum-function', bytes: all.length });
    offOut();

    const submitted = await h.api.submitAttempt({});
    expect(submitted.state).toBe('sealed');
    const result = await h.api.getResult({});
    expect(result.graded?.items['http-status']).toMatchObject({ status: 'correct', score: 1 });
    expect(result.graded?.items['latency-budget']).toMatchObject({ status: 'correct' });
    expect(result.graded?.items['cache-header']).toMatchObject({ status: 'unanswered', score: 0 });
    expect(result.journal.headHash).toMatch(/^[0-9a-f]{64}$/);
    await expect.poll(() => changes.includes('sealed')).toBe(true);
    off();
    // After submit, answers are refused as data, not thrown through.
    expect(await h.bridge.saveAnswer({ itemId: 'http-status', value: 'a' })).toMatchObject({ ok: false, error: { code: 'invalid-state' } });
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
    const dataDir = await mkdtemp(join(tmpdir(), 'vigil-contract-guard-'));
    const core = await createCore({ pkg: loaded.pkg, dataDir, version: '1', role: 'candidate', platform: 'test' });
    registerIpcHandlers({
      ipcMain: fake.ipcMain,
      table: core.table,
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
    await core.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('IPC: the preload exposes only the contract functions and on()', async () => {
    const fake = createFakeElectron();
    exposeVigil(fake.contextBridge, fake.ipcRenderer);
    expect(Object.keys(fake.mainWorld)).toEqual(['vigil']);
    expect(Object.keys(fake.mainWorld.vigil as object).sort()).toEqual([...METHOD_NAMES, 'on'].sort());
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
