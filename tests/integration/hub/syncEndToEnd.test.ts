import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIVE_BEARER_PREFIX, LIVE_PROTOCOL } from '../../../shared/hub/limits.js';
import { enroll } from '../../../electron/core/sync/enroll.js';
import { DEMO_ANSWERS, enrollBody, makeDevice, makeResult, PASSWORD, startTestHub, type Device, type TestHub } from '../../unit/electron/hub/support/hubFixture.js';
import { api, fakeCandidate, waitFor, type FakeCandidate } from './support.js';

const P = '/api/v1';
const answers = { ...DEMO_ANSWERS, 'top-customers': 'SELECT customer_id, COUNT(*) AS order_count FROM orders GROUP BY customer_id HAVING COUNT(*) >= 2' };

describe('sync client against a real hub', () => {
  let hub: TestHub;
  let device: Device;
  let candidate: FakeCandidate | null = null;

  beforeEach(async () => {
    // Real grading (sql.js) in this file: the SQL item is graded for real.
    hub = await startTestHub({ listen: true, deps: {} });
    device = makeDevice();
  });
  afterEach(async () => {
    await candidate?.dispose();
    candidate = null;
    await hub.dispose();
  });

  it('live channel: heartbeats, pushed commands acknowledged through the journal, events in order, result synced and graded', async () => {
    const { proof: _proof, ...body } = enrollBody(device, 'c-100');
    const reply = await enroll(hub.url, body, { privateKey: device.privateKey });
    candidate = await fakeCandidate({ hubUrl: hub.url, attemptId: reply.attemptId, token: reply.token });
    const c = candidate;
    await waitFor(() => c.client.status().status === 'online' && (c.client.status() as { live: boolean }).live, 'the live channel');
    expect(Math.abs(c.offsets.at(-1) ?? 99_999)).toBeLessThan(1000);

    // A dashboard watching.
    const proctor = (await api(hub.url, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD, name: 'Grace' } })).json.token as string;
    const pushed: Array<{ type: string; attempts?: Array<{ attemptId: string; pendingCommands: number; journalSeq: number }> }> = [];
    const dash = new WebSocket(`${hub.url.replace('http', 'ws')}api/v1/proctor/live`, [LIVE_PROTOCOL, `${LIVE_BEARER_PREFIX}${proctor}`]);
    dash.on('message', (d) => pushed.push(JSON.parse(d.toString())));
    await waitFor(() => pushed.some((m) => m.type === 'snapshot'), 'the dashboard snapshot');

    c.journal.fillExam(answers);
    c.client.notifyJournal();
    const issued = await api(hub.url, 'POST', `${P}/proctor/attempts/${reply.attemptId}/commands`, { token: proctor, body: { type: 'lock', message: 'eyes on your screen' } });
    expect(issued.status).toBe(202);
    await waitFor(() => c.commands.length === 1, 'the pushed command');
    expect(c.commands[0]).toMatchObject({ id: issued.json.commandId, type: 'lock', message: 'eyes on your screen', issuedBy: 'Grace' });

    await waitFor(async () => {
      const detail = await api(hub.url, 'GET', `${P}/proctor/attempts/${reply.attemptId}`, { token: proctor });
      return detail.json.commands[0]?.ackedAt !== null && detail.json.summary.journalSeq === c.journal.entries.length;
    }, 'the acknowledgement and the journal');
    const detail = await api(hub.url, 'GET', `${P}/proctor/attempts/${reply.attemptId}`, { token: proctor });
    expect(detail.json.timeline).toEqual(c.journal.entries);
    await waitFor(() => pushed.some((m) => m.type === 'summaries' && m.attempts?.some((a) => a.attemptId === reply.attemptId && a.journalSeq === c.journal.entries.length)), 'a pushed summary');

    const result = makeResult({ attemptId: reply.attemptId, candidateId: 'c-100', device, journal: c.journal, answers });
    await c.client.enqueueResult(result);
    await waitFor(() => c.client.status().status === 'synced', 'the receipt');
    const receipt = JSON.parse(await readFile(join(c.dir, 'outbox', 'receipt.json'), 'utf8'));
    expect(receipt.attemptId).toBe(reply.attemptId);
    expect(c.statuses.some((s) => s.status === 'uploading')).toBe(true);

    await hub.gradingIdle();
    await waitFor(async () => (await api(hub.url, 'GET', `${P}/proctor/attempts`, { token: proctor })).json[0].grading.status === 'graded', 'grading');
    const graded = (await api(hub.url, 'GET', `${P}/proctor/attempts/${reply.attemptId}`, { token: proctor })).json.graded;
    expect(graded.items['http-status'].status).toBe('correct');
    expect(graded.items['top-customers'].status).toBe('correct');
    expect(graded.pendingManual).toEqual(['explain-index']);
    dash.close();
  });

  it('re-enrolling after a crash gets the same attempt and a token that works', async () => {
    const first = await enroll(hub.url, enrollBody(device, 'c-101'));
    const second = await enroll(hub.url, enrollBody(device, 'c-101'));
    expect(second.attemptId).toBe(first.attemptId);
    expect(second.resumed).toBe(true);
    const hb = await api(hub.url, 'POST', `${P}/attempts/${second.attemptId}/heartbeats`, { token: second.token, body: { state: 'ready', answered: 0, remainingMs: 1, lastSavedAt: null, journalSeq: 0 } });
    expect(hb.status).toBe(200);
    await expect(enroll(hub.url, { ...enrollBody(device, 'c-102'), accessCode: 'WRONG' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses live channel upgrades without, with a bad, or with another attempt\'s token', async () => {
    const a = await enroll(hub.url, enrollBody(device, 'c-103'));
    const b = await enroll(hub.url, enrollBody(makeDevice(), 'c-104'));
    const status = (path: string, protocols: string[]) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${hub.url.replace('http', 'ws')}${path}`, protocols);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => resolve(-1));
      });
    const live = `api/v1/attempts/${a.attemptId}/live`;
    expect(await status(live, [LIVE_PROTOCOL])).toBe(401);
    expect(await status(live, [LIVE_PROTOCOL, `${LIVE_BEARER_PREFIX}${'A'.repeat(43)}`])).toBe(401);
    expect(await status(live, [LIVE_PROTOCOL, `${LIVE_BEARER_PREFIX}${b.token}`])).toBe(403);
    expect(await status(`api/v1/attempts/aNope/live`, [LIVE_PROTOCOL, `${LIVE_BEARER_PREFIX}${a.token}`])).toBe(404);
    expect(await status(live, [LIVE_PROTOCOL, `${LIVE_BEARER_PREFIX}${a.token}`])).toBe(101);
    expect(await status('api/v1/proctor/live', [LIVE_PROTOCOL, `${LIVE_BEARER_PREFIX}${a.token}`])).toBe(401);
  });

  it('falls back to HTTP heartbeats when the live channel is off', async () => {
    const r = await enroll(hub.url, enrollBody(device, 'c-105'));
    candidate = await fakeCandidate({ hubUrl: hub.url, attemptId: r.attemptId, token: r.token, live: false });
    const c = candidate;
    await waitFor(() => c.client.status().status === 'online', 'online over HTTP');
    expect(c.client.status()).toMatchObject({ live: false });
    const proctor = (await api(hub.url, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json.token as string;
    await api(hub.url, 'POST', `${P}/proctor/attempts/${r.attemptId}/commands`, { token: proctor, body: { type: 'add-time', minutes: 10 } });
    await waitFor(() => c.commands.length === 1, 'the command via heartbeat replies');
    const list = await api(hub.url, 'GET', `${P}/proctor/attempts`, { token: proctor });
    expect(list.json[0]).toMatchObject({ online: true, live: false, state: 'in-progress' });
  });
});
