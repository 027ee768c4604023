/**
 * A body over a route's limit gets its 413 over a real socket, even while the client is still
 * sending (DESIGN 8: 413 too large), and the candidate's outbox treats it as a permanent,
 * reported failure instead of retrying forever.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollReplySchema } from '../../../shared/hub/enrollment.js';
import { BODY_LIMITS } from '../../../shared/hub/limits.js';
import { createHubTransport, type HubTransport } from '../../../electron/core/sync/hubTransport.js';
import { createResultOutbox, type OutboxState } from '../../../electron/core/sync/resultOutbox.js';
import { systemSyncClock } from '../../../electron/core/sync/syncClock.js';
import { enrollBody, makeDevice, makeResult, startTestHub, TestJournal, type TestHub } from '../../unit/electron/hub/support/hubFixture.js';

describe.each([
  ['http', false],
  ['https', true],
])('oversized bodies over a real socket (%s)', (_name, tls) => {
  let hub: TestHub;
  let transport: HubTransport;
  let attemptId = '';
  let token = '';
  const device = makeDevice();

  beforeAll(async () => {
    hub = await startTestHub({ listen: true, host: '127.0.0.1', port: 0, tls });
    transport = createHubTransport({ hubUrl: hub.url, timeoutMs: 30_000, ...(hub.fingerprint ? { fingerprint: hub.fingerprint } : {}) });
    const enrolled = await transport.request('POST', 'api/v1/enroll', { body: enrollBody(device, 'c-413') });
    ({ attemptId, token } = enrollReplySchema.parse(enrolled.json));
  });
  afterAll(async () => {
    transport.close();
    await hub.dispose();
  });

  it('answers 413 to a body far over the limit instead of cutting the connection', async () => {
    // 4 MiB against the 16 KiB heartbeat limit: the hub knows from content-length long before the
    // client has sent it all.
    const body = Buffer.from(JSON.stringify({ state: 'in-progress', pad: 'x'.repeat(64 * 1024 * 1024) }));
    for (let i = 0; i < 3; i++) {
      const res = await transport.request('POST', `api/v1/attempts/${attemptId}/heartbeats`, { token, body });
      expect(res.status).toBe(413);
    }
    // And the hub still answers normally afterwards.
    const ok = await transport.request('POST', `api/v1/attempts/${attemptId}/heartbeats`, { token, body: { state: 'in-progress', answered: 0, remainingMs: 1000, lastSavedAt: null, journalSeq: 0 } });
    expect(ok.status).toBe(200);
  });

  it('reads what the client still sends before answering, so a slow sender gets the 413 rather than a broken pipe', async () => {
    const url = new URL(`api/v1/attempts/${attemptId}/heartbeats`, hub.url);
    const total = 2 * 1024 * 1024;
    const socket = tls ? tlsConnect({ host: url.hostname, port: Number(url.port), rejectUnauthorized: false }) : netConnect({ host: url.hostname, port: Number(url.port) });
    await once(socket, tls ? 'secureConnect' : 'connect');
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    const failures: string[] = [];
    socket.on('error', (e) => failures.push(e.message));
    const write = (data: string | Buffer) => new Promise<void>((resolve) => socket.write(data, () => resolve()));
    await write(`POST ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: ${total}\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    // The first half, then a pause as a slow link makes, then the rest.
    for (let sent = 0; sent < total / 2; sent += chunk.length) await write(chunk);
    await new Promise((r) => setTimeout(r, 300));
    for (let sent = total / 2; sent < total && failures.length === 0; sent += chunk.length) await write(chunk);
    await Promise.race([once(socket, 'close'), new Promise((r) => setTimeout(r, 5_000))]);
    expect(failures).toEqual([]);
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    socket.destroy();
  });

  it('the outbox reports a result over the size limit as failed with 413, and stops retrying', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-outbox-413-'));
    const states: OutboxState[] = [];
    const journal = new TestJournal().fillExam({ 'http-status': 'b' });
    const result = makeResult({ attemptId, candidateId: 'c-413', device, journal, workspaces: { big: { archive: 'A'.repeat(BODY_LIMITS.result + 1024), sha256: '0'.repeat(64) } } });
    const outbox = createResultOutbox({ dir, transport, attemptId, token: () => token, clock: systemSyncClock, onState: (s) => states.push(s), uploadTimeoutMs: 60_000 });
    await outbox.start();
    await outbox.enqueue(result);
    await expect.poll(() => states.at(-1)?.kind, { timeout: 30_000 }).toBe('failed');
    expect(states.at(-1)).toMatchObject({ kind: 'failed', status: 413 });
    expect(states.filter((s) => s.kind === 'waiting')).toEqual([]);
    await outbox.close();
    await rm(dir, { recursive: true, force: true });
  });
});
