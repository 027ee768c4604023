import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrollReplySchema } from '../../../../shared/hub/enrollment.js';
import { heartbeatReplySchema } from '../../../../shared/hub/heartbeat.js';
import { ATTEMPT_TOKEN_TTL_MS } from '../../../../shared/hub/limits.js';
import { attemptDetailSchema, attemptSummarySchema } from '../../../../shared/hub/proctor.js';
import { resultUploadReplySchema } from '../../../../shared/hub/receipt.js';
import { HUB_ROUTES } from '../../../../shared/hub/routes.js';
import { verifyReceipt } from '../../../../electron/hub/receipts.js';
import { call } from './support/inject.js';
import { DEMO_ANSWERS, enrollBody, makeDevice, makeResult, PASSWORD, startTestHub, TestJournal, type Device, type TestHub } from './support/hubFixture.js';
import { systemSyncClock } from '../../../../electron/core/sync/syncClock.js';

const P = '/api/v1';
const heartbeat = { state: 'in-progress', answered: 3, remainingMs: 600_000, lastSavedAt: '2026-05-01T09:10:00.000Z', journalSeq: 4 };

describe('hub routes (DESIGN 8)', () => {
  let hub: TestHub;
  let device: Device;
  let attemptId: string;
  let token: string;
  let proctor: string;

  beforeEach(async () => {
    hub = await startTestHub();
    device = makeDevice();
    const enrolled = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(device, 'c-001') });
    expect(enrolled.status).toBe(201);
    ({ attemptId, token } = enrollReplySchema.parse(enrolled.json));
    const login = await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD, name: 'Ada' } });
    expect(login.status).toBe(200);
    proctor = login.json.token as string;
  });
  afterEach(async () => {
    await hub.dispose();
  });

  it('serves every route of the table', async () => {
    const paths = new Set(HUB_ROUTES.map((r) => `${r.method} ${r.path}`));
    expect(paths).toContain(`PUT ${P}/attempts/:id/result`);
    for (const route of HUB_ROUTES) {
      const url = route.path.replace(':id', attemptId).replace(':examId', 'demo');
      const res = await call(hub, route.method, url, { payload: route.method === 'GET' ? undefined : '{}', headers: route.method === 'GET' ? {} : { 'content-type': 'application/json' } });
      expect(res.status, `${route.method} ${route.path}`).not.toBe(404);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('health answers without credentials', async () => {
    const res = await call(hub, 'GET', `${P}/health`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok', version: '0.0.0' });
  });

  describe('enroll', () => {
    it('accepts device info keys it does not know (within the size cap) and shows them to proctors', async () => {
      const res = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-020', { deviceInfo: { os: 'linux', kernel: '6.1.0-13-amd64', locale: 'de-DE' } }) });
      expect(res.status).toBe(201);
      const list = attemptSummarySchema.array().parse((await call(hub, 'GET', `${P}/proctor/attempts`, { token: proctor })).json);
      expect(list.find((a) => a.candidate.id === 'c-020')?.deviceInfo).toEqual({ os: 'linux', kernel: '6.1.0-13-amd64', locale: 'de-DE' });
      const tooBig = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-021', { deviceInfo: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'x'])) }) });
      expect(tooBig.status).toBe(400);
    });

    it('returns the attempt, a token, the exam and its policy', async () => {
      const res = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-002') });
      expect(res.status).toBe(201);
      const reply = enrollReplySchema.parse(res.json);
      expect(reply.examId).toBe('demo');
      expect(reply.examVersion).toBe('2026.11.0');
      expect(reply.policy.clipboard).toBe('allow');
      expect(reply.resumed).toBe(false);
      expect(reply.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('is idempotent for the same candidate and device: same attempt, new working token', async () => {
      const again = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(device, 'c-001') });
      expect(again.status).toBe(201);
      expect(again.json.attemptId).toBe(attemptId);
      expect(again.json.resumed).toBe(true);
      const hb = await call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token: again.json.token, body: heartbeat });
      expect(hb.status).toBe(200);
    });

    it('refuses to enroll again without the device proof (409) and with a forged one (422)', async () => {
      const { proof: _proof, ...noProof } = enrollBody(device, 'c-001');
      expect((await call(hub, 'POST', `${P}/enroll`, { body: noProof })).status).toBe(409);
      const other = makeDevice();
      const forged = { ...enrollBody(device, 'c-001'), proof: enrollBody(other, 'c-001').proof };
      expect((await call(hub, 'POST', `${P}/enroll`, { body: forged })).status).toBe(422);
    });

    it("gives another device of the same candidate its own attempt once a proctor approves (issue 15: 409 before)", async () => {
      const second = makeDevice();
      const refused = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(second, 'c-001') });
      expect(refused.status).toBe(409);
      // The proctor allows the device the attempt page shows.
      const shown = attemptDetailSchema.parse((await call(hub, 'GET', `${P}/proctor/attempts/${attemptId}`, { token: proctor })).json).summary.reenrollRequest;
      expect(shown).not.toBeNull();
      expect((await call(hub, 'POST', `${P}/proctor/attempts/${attemptId}/allow-reenroll`, { token: proctor, body: { deviceFingerprint: shown?.deviceFingerprint } })).status).toBe(200);
      const res = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(second, 'c-001') });
      expect(res.status).toBe(201);
      expect(res.json.attemptId).not.toBe(attemptId);
    });

    it('401 for a wrong access code, 400 for a malformed body or a key that is not Ed25519', async () => {
      const wrong = await call(hub, 'POST', `${P}/enroll`, { body: { ...enrollBody(makeDevice(), 'c-003'), accessCode: 'NOPE' } });
      expect(wrong.status).toBe(401);
      expect(wrong.json.message).toBe('wrong access code');
      expect((await call(hub, 'POST', `${P}/enroll`, { body: { accessCode: 'TESTCODE' } })).status).toBe(400);
      const { generateKeyPairSync } = await import('node:crypto');
      const rsa = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const { proof: _p, ...body } = enrollBody(makeDevice(), 'c-004');
      const res = await call(hub, 'POST', `${P}/enroll`, { body: { ...body, devicePublicKey: rsa } });
      expect(res.status).toBe(400);
      expect(res.json.message).toMatch(/Ed25519/);
    });

    it('accepts the access code without regard to case and spaces', async () => {
      const res = await call(hub, 'POST', `${P}/enroll`, { body: { ...enrollBody(makeDevice(), 'c-005'), accessCode: ' testcode ' } });
      expect(res.status).toBe(201);
    });
  });

  describe('heartbeats', () => {
    it('reply with server time, pending commands and the acknowledged seq', async () => {
      const res = await call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: heartbeat });
      expect(res.status).toBe(200);
      const reply = heartbeatReplySchema.parse(res.json);
      expect(Math.abs(Date.parse(reply.serverTime) - Date.now())).toBeLessThan(5000);
      expect(reply.commands).toEqual([]);
      expect(reply.ackSeq).toBe(0);
    });

    it('401 without or with an unknown token, 403 with another attempt\'s, 404 for an unknown attempt, 400 malformed', async () => {
      const url = `${P}/attempts/${attemptId}/heartbeats`;
      expect((await call(hub, 'POST', url, { body: heartbeat })).status).toBe(401);
      expect((await call(hub, 'POST', url, { body: heartbeat, token: 'x'.repeat(43) })).status).toBe(401);
      const other = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-010') });
      expect((await call(hub, 'POST', url, { body: heartbeat, token: other.json.token })).status).toBe(403);
      expect((await call(hub, 'POST', `${P}/attempts/nosuchattempt/heartbeats`, { body: heartbeat, token })).status).toBe(404);
      expect((await call(hub, 'POST', url, { body: { ...heartbeat, state: 'dancing' }, token })).status).toBe(400);
      expect((await call(hub, 'POST', url, { payload: '{"state":', token, headers: { 'content-type': 'application/json' } })).status).toBe(400);
    });

    it('413 for a body over the limit', async () => {
      const res = await call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: { ...heartbeat, pad: 'x'.repeat(40_000) } });
      expect(res.status).toBe(413);
    });
  });

  describe('events', () => {
    it('stores entries in order, idempotent by seq, 409 for a different entry or a broken chain', async () => {
      const journal = new TestJournal().fillExam({ 'http-status': 'b' });
      const url = `${P}/attempts/${attemptId}/events`;
      const first = await call(hub, 'POST', url, { token, body: { entries: journal.entries.slice(0, 3) } });
      expect(first.status).toBe(200);
      expect(first.json).toEqual({ ackSeq: 3 });
      // Overlapping resend: the held ones are identical, the new ones continue.
      const overlap = await call(hub, 'POST', url, { token, body: { entries: journal.entries.slice(1) } });
      expect(overlap.json).toEqual({ ackSeq: journal.entries.length });
      const again = await call(hub, 'POST', url, { token, body: { entries: journal.entries } });
      expect(again.status).toBe(200);

      const forked = new TestJournal().fillExam({ 'http-status': 'c' });
      const conflict = await call(hub, 'POST', url, { token, body: { entries: forked.entries.slice(3, 4) } });
      expect(conflict.status).toBe(409);

      const gap = new TestJournal().fillExam({ 'http-status': 'b' });
      for (let i = 0; i < 5; i++) gap.append('timer', { elapsedMs: i });
      const skipped = await call(hub, 'POST', url, { token, body: { entries: gap.entries.slice(-2) } });
      expect(skipped.status).toBe(409);
      expect(skipped.json.details.ackSeq).toBe(journal.entries.length);

      const tampered = { ...journal.entries[0], data: { from: 'checked-in', to: 'ready' } };
      expect((await call(hub, 'POST', url, { token, body: { entries: [tampered] } })).status).toBe(409);
    });

    it('refuses a new entry whose hash is wrong with 409 and stores nothing of the batch', async () => {
      const journal = new TestJournal().fillExam({});
      const bad = journal.entries.map((e, i) => (i === 2 ? { ...e, hash: 'f'.repeat(64) } : e));
      const res = await call(hub, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries: bad } });
      expect(res.status).toBe(409);
      const hb = await call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: heartbeat });
      expect(hb.json.ackSeq).toBe(0);
    });

    it('400 for seqs out of order or an empty batch', async () => {
      const journal = new TestJournal().fillExam({});
      const url = `${P}/attempts/${attemptId}/events`;
      expect((await call(hub, 'POST', url, { token, body: { entries: [journal.entries[1], journal.entries[0]] } })).status).toBe(400);
      expect((await call(hub, 'POST', url, { token, body: { entries: [] } })).status).toBe(400);
    });
  });

  describe('result', () => {
    it('201 with a verifiable receipt; the same result again: 200 and the same receipt', async () => {
      const journal = new TestJournal().fillExam(DEMO_ANSWERS);
      await call(hub, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries: journal.entries } });
      const result = makeResult({ attemptId, candidateId: 'c-001', device, journal });
      const url = `${P}/attempts/${attemptId}/result`;
      const first = await call(hub, 'PUT', url, { token, body: result, headers: { 'idempotency-key': 'upload-0001' } });
      expect(first.status).toBe(201);
      const reply = resultUploadReplySchema.parse(first.json);
      expect(reply.attemptId).toBe(attemptId);
      const second = await call(hub, 'PUT', url, { token, body: result, headers: { 'idempotency-key': 'upload-0002' } });
      expect(second.status).toBe(200);
      expect(second.json.receipt).toBe(reply.receipt);
      expect(verifyReceipt(reply.receipt, hub.identity.receiptKey)?.resultSha256).toBe(reply.resultSha256);
    });

    it('400 without Idempotency-Key, 422 for a bad signature, 409 for another result or a contradicting head', async () => {
      const journal = new TestJournal().fillExam(DEMO_ANSWERS);
      await call(hub, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries: journal.entries } });
      const url = `${P}/attempts/${attemptId}/result`;
      const result = makeResult({ attemptId, candidateId: 'c-001', device, journal });
      expect((await call(hub, 'PUT', url, { token, body: result })).status).toBe(400);
      const stranger = makeResult({ attemptId, candidateId: 'c-001', device: makeDevice(), journal });
      expect((await call(hub, 'PUT', url, { token, body: stranger, headers: { 'idempotency-key': 'upload-0001' } })).status).toBe(422);
      const contradicting = makeResult({ attemptId, candidateId: 'c-001', device, journal, head: { count: 3, headHash: 'a'.repeat(64) } });
      expect((await call(hub, 'PUT', url, { token, body: contradicting, headers: { 'idempotency-key': 'upload-0001' } })).status).toBe(409);
      expect((await call(hub, 'PUT', url, { token, body: result, headers: { 'idempotency-key': 'upload-0002' } })).status).toBe(201);
      const different = makeResult({ attemptId, candidateId: 'c-001', device, journal, answers: { 'http-status': 'a' } });
      expect((await call(hub, 'PUT', url, { token, body: different, headers: { 'idempotency-key': 'upload-0003' } })).status).toBe(409);
    });
  });

  describe('proctor', () => {
    it('login: 401 for a wrong password, 400 for a malformed body', async () => {
      expect((await call(hub, 'POST', `${P}/proctor/login`, { body: { password: 'nope' } })).status).toBe(401);
      expect((await call(hub, 'POST', `${P}/proctor/login`, { body: { pass: PASSWORD } })).status).toBe(400);
    });

    it('lists attempts with live status, progress and violations', async () => {
      const journal = new TestJournal().fillExam({ 'http-status': 'b' });
      await call(hub, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries: journal.entries } });
      // A heartbeat that has seen the whole journal (which ends with the submit).
      await call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: { ...heartbeat, state: 'submitted', journalSeq: journal.entries.length } });
      const res = await call(hub, 'GET', `${P}/proctor/attempts`, { token: proctor });
      expect(res.status).toBe(200);
      const [summary] = res.json as unknown[];
      const s = attemptSummarySchema.parse(summary);
      expect(s.candidate).toEqual({ id: 'c-001', name: 'Candidate c-001' });
      expect(s.state).toBe('submitted');
      expect(s.progress).toEqual({ answered: 3, total: 7 });
      expect(s.online).toBe(true);
      expect(s.violations).toEqual({ info: 0, warning: 1, critical: 0 });
      expect(s.journalSeq).toBe(journal.entries.length);
      expect((await call(hub, 'GET', `${P}/proctor/attempts`)).status).toBe(401);
      expect((await call(hub, 'GET', `${P}/proctor/attempts`, { token })).status).toBe(401);
    });

    it('commands: 202, delivered with heartbeats until acknowledged, journaled with who issued them', async () => {
      const url = `${P}/proctor/attempts/${attemptId}/commands`;
      await call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: heartbeat });
      const res = await call(hub, 'POST', url, { token: proctor, body: { type: 'add-time', minutes: 5 } });
      expect(res.status).toBe(202);
      const { commandId } = res.json as { commandId: string };
      const hb = await call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: heartbeat });
      expect(hb.json.commands).toEqual([expect.objectContaining({ id: commandId, type: 'add-time', minutes: 5, issuedBy: 'Ada' })]);
      const acked = await call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: { ...heartbeat, ackCommands: [commandId] } });
      expect(acked.json.commands).toEqual([]);
      const detail = attemptDetailSchema.parse((await call(hub, 'GET', `${P}/proctor/attempts/${attemptId}`, { token: proctor })).json);
      expect(detail.commands).toEqual([{ command: expect.objectContaining({ id: commandId, issuedBy: 'Ada' }), ackedAt: expect.any(String) }]);

      expect((await call(hub, 'POST', url, { token: proctor, body: { type: 'explode' } })).status).toBe(400);
      expect((await call(hub, 'POST', url, { body: { type: 'resume' } })).status).toBe(401);
      expect((await call(hub, 'POST', `${P}/proctor/attempts/nope/commands`, { token: proctor, body: { type: 'resume' } })).status).toBe(404);
    });

    it('refuses with 409 and a reason a command that makes no sense in the attempt\'s state', async () => {
      const url = `${P}/proctor/attempts/${attemptId}/commands`;
      const send = (body: unknown) => call(hub, 'POST', url, { token: proctor, body });
      // Enrolled, not started: no time to add, nothing to pause.
      const early = await send({ type: 'add-time', minutes: 5 });
      expect(early.status).toBe(409);
      expect(early.json.message).toContain('add-time is not possible while the attempt is checked-in');
      await call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: heartbeat });
      const resume = await send({ type: 'resume' });
      expect(resume.status).toBe(409);
      expect(resume.json.message).toContain('the exam is not paused');
      expect((await send({ type: 'unlock' })).json.message).toContain('the exam is not locked');
      // A pause on its way counts: resume right after it is valid, a second pause is not.
      expect((await send({ type: 'pause', reason: 'fire alarm' })).status).toBe(202);
      expect((await send({ type: 'pause', reason: 'again' })).status).toBe(409);
      expect((await send({ type: 'resume' })).status).toBe(202);
      // After submit nothing is accepted.
      await call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: { ...heartbeat, state: 'submitted' } });
      const late = await send({ type: 'message', text: 'hello' });
      expect(late.status).toBe(409);
      expect(late.json.message).toContain('commands no longer reach it');
    });

    it('takes the state from journal entries newer than the last heartbeat: a lock shipped before it makes unlock valid', async () => {
      const journal = new TestJournal();
      journal.append('state', { from: 'checked-in', to: 'preflight' });
      journal.append('state', { from: 'preflight', to: 'ready' });
      journal.append('state', { from: 'ready', to: 'in-progress' });
      await call(hub, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries: journal.entries } });
      await call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: { ...heartbeat, journalSeq: 3 } });
      journal.append('state', { from: 'in-progress', to: 'locked', reason: 'proctor-lock' });
      await call(hub, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries: journal.after(3) } });
      const [summary] = attemptSummarySchema.array().parse((await call(hub, 'GET', `${P}/proctor/attempts`, { token: proctor })).json);
      expect(summary?.state).toBe('locked');
      expect((await call(hub, 'POST', `${P}/proctor/attempts/${attemptId}/commands`, { token: proctor, body: { type: 'unlock' } })).status).toBe(202);
    });

    it('a command entry in the journal acknowledges it too', async () => {
      const res = await call(hub, 'POST', `${P}/proctor/attempts/${attemptId}/commands`, { token: proctor, body: { type: 'message', text: 'Five minutes left' } });
      const hb = await call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: heartbeat });
      const command = hb.json.commands[0];
      const journal = new TestJournal();
      journal.append('command', command);
      await call(hub, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries: journal.entries } });
      const after = await call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: heartbeat });
      expect(after.json.commands).toEqual([]);
      expect(command.id).toBe(res.json.commandId);
    });

    it('grades an essay, updates the score, and shows it in the detail and the CSV', async () => {
      const journal = new TestJournal().fillExam(DEMO_ANSWERS);
      await call(hub, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries: journal.entries } });
      const gradesUrl = `${P}/proctor/attempts/${attemptId}/grades`;
      expect((await call(hub, 'POST', gradesUrl, { token: proctor, body: { itemId: 'explain-index', criteria: ['write-cost'] } })).status).toBe(409);
      await call(hub, 'PUT', `${P}/attempts/${attemptId}/result`, { token, body: makeResult({ attemptId, candidateId: 'c-001', device, journal }), headers: { 'idempotency-key': 'upload-0001' } });
      await hub.gradingIdle();
      const before = attemptDetailSchema.parse((await call(hub, 'GET', `${P}/proctor/attempts/${attemptId}`, { token: proctor })).json);
      expect(before.graded?.pendingManual).toEqual(['explain-index']);
      expect(before.essays[0]).toMatchObject({ itemId: 'explain-index', answer: DEMO_ANSWERS['explain-index'], rubric: [{ id: 'write-cost' }, { id: 'selectivity' }] });

      const graded = await call(hub, 'POST', gradesUrl, { token: proctor, body: { itemId: 'explain-index', criteria: ['write-cost', 'selectivity'], comment: 'good' } });
      expect(graded.status).toBe(200);
      expect(graded.json.graded.items['explain-index']).toMatchObject({ score: 2, status: 'correct' });
      expect(graded.json.graded.score).toBe((before.graded?.score ?? 0) + 2);
      expect(graded.json.graded.pendingManual).toEqual([]);

      expect((await call(hub, 'POST', gradesUrl, { token: proctor, body: { itemId: 'explain-index', criteria: ['nonsense'] } })).status).toBe(400);
      expect((await call(hub, 'POST', gradesUrl, { token: proctor, body: { itemId: 'http-status', criteria: [] } })).status).toBe(400);
      expect((await call(hub, 'POST', `${P}/proctor/attempts/nope/grades`, { token: proctor, body: { itemId: 'explain-index', criteria: [] } })).status).toBe(404);

      const csv = await call(hub, 'GET', `${P}/proctor/results.csv`, { token: proctor });
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const [header, row] = csv.text.trim().split('\r\n');
      expect(header).toBe('candidate id,candidate name,attempt id,state,submitted at,score,max score,API Development,Database Management,Coding and Implementation,Performance Optimization,pending manual');
      expect(row?.split(',').slice(0, 4)).toEqual(['c-001', 'Candidate c-001', attemptId, 'sealed']);
      expect(row?.split(',').at(-1)).toBe('0');
      expect(row?.split(',')[5]).toBe(String(graded.json.graded.score));
    });

    it('detail 404 for an unknown attempt', async () => {
      expect((await call(hub, 'GET', `${P}/proctor/attempts/nope`, { token: proctor })).status).toBe(404);
    });
  });

  it('rate limits with 429', async () => {
    const limited = await startTestHub({ rateLimits: { login: 2 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(limited, 'POST', `${P}/proctor/login`, { body: { password: 'wrong' } })).status);
      expect(statuses).toEqual([401, 401, 429, 429]);
    } finally {
      await limited.dispose();
    }
  });

  it('unknown routes are 404 with an ApiError body; wrong content types are 400', async () => {
    const res = await call(hub, 'GET', `${P}/nothing`);
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('not-found');
    const text = await call(hub, 'POST', `${P}/enroll`, { payload: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(400);
  });

  it('serves the OpenAPI document and a docs page', async () => {
    const doc = await call(hub, 'GET', '/api/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toBe('3.1.0');
    expect(Object.keys(doc.json.paths)).toContain('/api/v1/attempts/{id}/result');
    expect(doc.json.paths['/api/v1/enroll'].post.requestBody.content['application/json'].schema.properties.devicePublicKey).toBeDefined();
    const page = await call(hub, 'GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/api/v1/proctor/results.csv');
    expect(page.text).not.toMatch(/<script/);
  });
});

describe('attempt tokens expire', () => {
  it('after ATTEMPT_TOKEN_TTL_MS: 401 then; re-enrolling with the device proof gives a working token', async () => {
    let now = Date.parse('2026-05-01T08:00:00.000Z');
    const clock = { ...systemSyncClock, now: () => now };
    const hub = await startTestHub({ clock });
    try {
      const device = makeDevice();
      const first = enrollReplySchema.parse((await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(device, 'c-ttl') })).json);
      const beat = (token: string) =>
        call(hub, 'POST', `${P}/attempts/${first.attemptId}/heartbeats`, { token, body: { state: 'in-progress', answered: 0, remainingMs: 1000, lastSavedAt: null, journalSeq: 0 } });
      expect((await beat(first.token)).status).toBe(200);
      now += ATTEMPT_TOKEN_TTL_MS - 1000;
      expect((await beat(first.token)).status).toBe(200);
      now += 2000;
      const expired = await beat(first.token);
      expect(expired.status).toBe(401);
      expect(expired.json.message).toMatch(/expired/);
      const again = enrollReplySchema.parse((await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(device, 'c-ttl') })).json);
      expect(again.resumed).toBe(true);
      expect((await beat(again.token)).status).toBe(200);
    } finally {
      await hub.dispose();
    }
  });
});
