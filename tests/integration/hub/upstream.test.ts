import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enroll } from '../../../electron/core/sync/enroll.js';
import { DEMO_ANSWERS, enrollBody, makeDevice, makeResult, PASSWORD, startTestHub, TestJournal, type TestHub } from '../../unit/electron/hub/support/hubFixture.js';
import { api, fakeCandidate, waitFor, type FakeCandidate } from './support.js';

const P = '/api/v1';

describe('forwarding to an upstream hub (--upstream)', () => {
  const hubs: TestHub[] = [];
  let candidate: FakeCandidate | null = null;
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await candidate?.dispose();
    candidate = null;
    for (const h of hubs.splice(0).reverse()) await h.dispose();
    for (const c of cleanups.splice(0)) await c();
  });

  it('the center hub forwards enrollment, journal and result; the central hub verifies and grades them under the same attempt id', async () => {
    const central = await startTestHub({ listen: true });
    hubs.push(central);
    const center = await startTestHub({ listen: true, upstream: { url: central.url } });
    hubs.push(center);

    const device = makeDevice();
    const reply = await enroll(center.url, enrollBody(device, 'c-400'));
    candidate = await fakeCandidate({ hubUrl: center.url, attemptId: reply.attemptId, token: reply.token });
    const c = candidate;
    c.journal.fillExam(DEMO_ANSWERS);
    c.client.notifyJournal();
    await c.client.enqueueResult(makeResult({ attemptId: reply.attemptId, candidateId: 'c-400', device, journal: c.journal }));
    await waitFor(() => c.client.status().status === 'synced', 'the center receipt');

    const proctor = (await api(central.url, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json.token as string;
    await waitFor(async () => {
      const list = await api(central.url, 'GET', `${P}/proctor/attempts`, { token: proctor });
      const held = list.json[0] !== undefined && list.json[0].result !== null && list.json[0].grading.status === 'graded' && list.json[0].journalSeq === c.journal.entries.length;
      // The center stores the central hub's receipt right after the central hub replies.
      return held && center.upstreamStatus()[0]?.result === 'delivered';
    }, 'the central hub to hold everything', 30_000);
    const detail = await api(central.url, 'GET', `${P}/proctor/attempts/${reply.attemptId}`, { token: proctor });
    expect(detail.json.summary.candidate).toEqual({ id: 'c-400', name: 'Candidate c-400' });
    expect(detail.json.timeline).toEqual(c.journal.entries);
    expect(detail.json.summary.result.resultSha256).toBe(c.client.receipt()?.resultSha256);
    expect(center.upstreamStatus()).toEqual([expect.objectContaining({ attemptId: reply.attemptId, enrolled: true, result: 'delivered' })]);
  });

  it('an upstream that is down at first is caught up with later (its own outbox)', async () => {
    const centralDir = await mkdtemp(join(tmpdir(), 'vigil-central-'));
    cleanups.push(() => rm(centralDir, { recursive: true, force: true }));
    // Started once to learn a free port, then stopped: the upstream is down while the exam runs.
    const placeholder = await startTestHub({ listen: true, dataDir: centralDir });
    const port = Number(new URL(placeholder.url).port);
    const url = placeholder.url;
    await placeholder.close();

    const center = await startTestHub({ listen: true, upstream: { url } });
    hubs.push(center);
    const device = makeDevice();
    const reply = await enroll(center.url, enrollBody(device, 'c-401'));
    const j = new TestJournal().fillExam(DEMO_ANSWERS);
    await api(center.url, 'POST', `${P}/attempts/${reply.attemptId}/events`, { token: reply.token, body: { entries: j.entries } });
    const put = await fetch(`${center.url}api/v1/attempts/${reply.attemptId}/result`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reply.token}`, 'idempotency-key': 'k-000001' },
      body: JSON.stringify(makeResult({ attemptId: reply.attemptId, candidateId: 'c-401', device, journal: j })),
    });
    expect(put.status).toBe(201);
    await new Promise((r) => setTimeout(r, 300));
    expect(center.upstreamStatus()[0]?.enrolled ?? false).toBe(false);

    const central = await startTestHub({ listen: true, dataDir: centralDir, port });
    hubs.unshift(central);
    const proctor = (await api(central.url, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json.token as string;
    await waitFor(async () => {
      const [held] = (await api(central.url, 'GET', `${P}/proctor/attempts`, { token: proctor })).json as Array<{ result: unknown; journalSeq: number }>;
      return held !== undefined && held.result !== null && held.journalSeq === j.entries.length && center.upstreamStatus()[0]?.result === 'delivered';
    }, 'forwarding after the upstream came back', 40_000);
    expect(center.upstreamStatus()).toEqual([expect.objectContaining({ attemptId: reply.attemptId, enrolled: true, result: 'delivered' })]);
  }, 60_000);
});
