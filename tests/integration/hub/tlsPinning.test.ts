import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { enroll } from '../../../electron/core/sync/enroll.js';
import { loadOrCreateCertificate } from '../../../electron/hub/tls/hubCertificate.js';
import { enrollBody, makeDevice, startTestHub, type TestHub } from '../../unit/electron/hub/support/hubFixture.js';
import { fakeCandidate, waitFor, type FakeCandidate } from './support.js';

describe('TLS with a pinned certificate', () => {
  let hub: TestHub | null = null;
  let candidate: FakeCandidate | null = null;
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await candidate?.dispose();
    candidate = null;
    await hub?.dispose();
    hub = null;
    for (const c of cleanups.splice(0)) await c();
  });

  it('accepts the pinned fingerprint, keeps it across restarts, and refuses a wrong one', async () => {
    hub = await startTestHub({ listen: true, tls: true });
    expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(hub.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const device = makeDevice();
    const reply = await enroll(hub.url, enrollBody(device, 'c-300'), { fingerprint: hub.fingerprint ?? '' });
    candidate = await fakeCandidate({ hubUrl: hub.url, attemptId: reply.attemptId, token: reply.token, fingerprint: (hub.fingerprint ?? '').toLowerCase() });
    const c = candidate;
    await waitFor(() => c.client.status().status === 'online' && (c.client.status() as { live: boolean }).live, 'online over wss with the pin');
    await candidate.dispose();
    candidate = null;

    const wrong = 'AB:'.repeat(31) + 'AB';
    await expect(enroll(hub.url, enrollBody(makeDevice(), 'c-301'), { fingerprint: wrong })).rejects.toMatchObject({ code: 'unavailable', details: { kind: 'pin-mismatch' } });
    candidate = await fakeCandidate({ hubUrl: hub.url, attemptId: reply.attemptId, token: reply.token, fingerprint: wrong });
    const w = candidate;
    await waitFor(() => w.client.status().status === 'failed', 'the pin failure');
    expect(w.client.status()).toMatchObject({ status: 'failed', reason: 'pin-mismatch', detail: expect.stringMatching(/not the pinned/) });

    // Without a pin, a self-signed certificate is not trusted either.
    await expect(enroll(hub.url, enrollBody(makeDevice(), 'c-302'))).rejects.toMatchObject({ code: 'unavailable' });

    const { fingerprint, dataDir } = hub;
    await hub.close();
    hub = null;
    const again = await startTestHub({ listen: true, tls: true, dataDir });
    cleanups.push(() => again.dispose().then(() => rm(dataDir, { recursive: true, force: true })));
    expect(again.fingerprint).toBe(fingerprint);
  });

  it('sends no byte (and so no token) to a server whose certificate does not match', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-mitm-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const cert = await loadOrCreateCertificate(dir, '127.0.0.1');
    let received = 0;
    const server = tls.createServer({ cert: cert.cert, key: cert.key }, (socket) => {
      socket.on('data', (d) => (received += d.length));
      socket.on('error', () => {
        // The client hangs up on purpose.
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const port = (server.address() as { port: number }).port;
    const pinned = 'CD:'.repeat(31) + 'CD';
    await expect(enroll(`https://127.0.0.1:${port}/`, enrollBody(makeDevice(), 'c-303'), { fingerprint: pinned })).rejects.toMatchObject({ details: { kind: 'pin-mismatch' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toBe(0);
  });
});
