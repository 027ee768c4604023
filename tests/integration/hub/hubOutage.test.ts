import { afterEach, describe, expect, it } from 'vitest';
import { enroll } from '../../../electron/core/sync/enroll.js';
import { DEMO_ANSWERS, enrollBody, makeDevice, makeResult, PASSWORD, startTestHub, type TestHub } from '../../unit/electron/hub/support/hubFixture.js';
import { api, fakeCandidate, waitFor, type FakeCandidate } from './support.js';

const P = '/api/v1';

describe('the hub goes down mid-exam', () => {
  let hub: TestHub | null = null;
  let candidate: FakeCandidate | null = null;
  afterEach(async () => {
    await candidate?.dispose();
    await hub?.dispose();
  });

  it('the candidate keeps working offline; afterwards every entry arrives in order, and the result', async () => {
    hub = await startTestHub({ listen: true });
    const dataDir = hub.dataDir;
    const port = Number(new URL(hub.url).port);
    const device = makeDevice();
    const reply = await enroll(hub.url, enrollBody(device, 'c-200'));
    candidate = await fakeCandidate({
      hubUrl: hub.url,
      attemptId: reply.attemptId,
      token: reply.token,
      // Quick retries so the test does not wait out a 30 s backoff.
      extra: { backoff: { upload: { baseMs: 100, capMs: 500 }, heartbeat: { baseMs: 100, capMs: 300 } } },
    });
    const c = candidate;
    c.journal.append('state', { from: 'checked-in', to: 'preflight' });
    c.client.notifyJournal();
    await waitFor(() => c.client.ackSeq() === 1, 'the first entry');

    // Down: the hub process is gone (its data folder stays).
    await hub.close();
    hub = null;
    c.journal.append('state', { from: 'preflight', to: 'ready' });
    c.journal.append('state', { from: 'ready', to: 'in-progress' });
    for (const [itemId, value] of Object.entries(DEMO_ANSWERS)) {
      c.journal.append('answer', { itemId, value });
      c.client.notifyJournal();
    }
    c.journal.append('state', { from: 'in-progress', to: 'submitted', reason: 'candidate' });
    await c.client.enqueueResult(makeResult({ attemptId: reply.attemptId, candidateId: 'c-200', device, journal: c.journal }));
    await waitFor(() => c.client.status().status === 'offline', 'offline');
    expect(c.client.ackSeq()).toBe(1);

    // Back, on the same address, same data.
    const back = await startTestHub({ listen: true, dataDir, port });
    hub = { ...back, dispose: back.close };
    await waitFor(() => c.client.status().status === 'synced', 'catching up', 30_000);
    const proctor = (await api(back.url, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json.token as string;
    const detail = await api(back.url, 'GET', `${P}/proctor/attempts/${reply.attemptId}`, { token: proctor });
    expect(detail.json.timeline).toEqual(c.journal.entries);
    expect(detail.json.summary.result).not.toBeNull();
  });
});
