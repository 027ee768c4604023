import { createHash, createPublicKey, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../shared/canonicalJson.js';
import { reenrollProofPayload } from '../../../../shared/hub/enrollment.js';
import { ATTEMPT_TOKEN_SYNCED_GRACE_MS } from '../../../../shared/hub/limits.js';
import { call } from './support/inject.js';
import { DEMO_ANSWERS, enrollBody, makeDevice, makeResult, PASSWORD, startTestHub, TestJournal, type Device, type TestHub } from './support/hubFixture.js';
import { systemSyncClock } from '../../../../electron/core/sync/syncClock.js';

const P = '/api/v1';
const hb = { state: 'in-progress', answered: 0, remainingMs: 1000, lastSavedAt: null, journalSeq: 0 };

function fingerprintOf(device: Device): string {
  return createHash('sha256').update(createPublicKey(device.publicKeyPem).export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function priorProof(candidateId: string, prior: Device, next: Device) {
  const signature = sign(null, Buffer.from(canonicalJson(reenrollProofPayload(candidateId, next.publicKeyPem)), 'utf8'), prior.privateKey).toString('base64');
  return { devicePublicKey: prior.publicKeyPem, signature };
}

describe('identity: re-enrollment, revoked and expiring tokens', () => {
  let hub: TestHub;
  let now = Date.parse('2026-05-01T08:00:00.000Z');
  afterEach(async () => {
    await hub.dispose();
  });
  const start = async () => {
    now = Date.parse('2026-05-01T08:00:00.000Z');
    const clock = { ...systemSyncClock, now: () => now };
    hub = await startTestHub({ clock });
  };
  const enroll = (body: unknown) => call(hub, 'POST', `${P}/enroll`, { body });
  const beat = (attemptId: string, token: string) => call(hub, 'POST', `${P}/attempts/${attemptId}/heartbeats`, { token, body: hb });
  const login = async (name: string) => (await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD, name } })).json.token as string;

  it('a new device for an enrolled candidate id is refused without consent: 409, one attempt for the candidate', async () => {
    await start();
    const first = await enroll(enrollBody(makeDevice(), 'c-8'));
    expect(first.status).toBe(201);
    const second = await enroll(enrollBody(makeDevice(), 'c-8'));
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ details: { reason: 'reenroll-needs-approval', attemptId: first.json.attemptId } });
    const list = (await call(hub, 'GET', `${P}/proctor/attempts`, { token: await login('Ada') })).json as Array<{ candidate: { id: string } }>;
    expect(list.filter((a) => a.candidate.id === 'c-8')).toHaveLength(1);
    // Another candidate id on that device is no re-enrollment.
    expect((await enroll(enrollBody(makeDevice(), 'c-9'))).status).toBe(201);
  });

  it('the refused try is shown to the proctor on the attempt it would replace (when, which device), and cleared once a new device takes its place', async () => {
    await start();
    const first = (await enroll(enrollBody(makeDevice(), 'c-8'))).json as { attemptId: string };
    const proctor = await login('Grace');
    const summaryOf = async (attemptId: string) => (await call(hub, 'GET', `${P}/proctor/attempts/${attemptId}`, { token: proctor })).json.summary as Record<string, unknown>;
    expect(await summaryOf(first.attemptId)).toMatchObject({ reenrollRequest: null, reenrollAllowedUntil: null });
    now += 60_000;
    const next = makeDevice();
    const refused = await enroll({ ...enrollBody(next, 'c-8'), deviceInfo: { hostname: 'lab-pc-07', os: 'linux' } });
    expect(refused.status).toBe(409);
    const fingerprint = fingerprintOf(next);
    const asked = await summaryOf(first.attemptId);
    expect(asked.reenrollRequest).toEqual({ at: new Date(now).toISOString(), deviceFingerprint: fingerprint, deviceInfo: { hostname: 'lab-pc-07', os: 'linux' } });
    // The grid's list carries it too, so a proctor sees who is waiting without opening the attempt.
    const list = (await call(hub, 'GET', `${P}/proctor/attempts`, { token: proctor })).json as Array<{ attemptId: string; reenrollRequest: unknown }>;
    expect(list.find((a) => a.attemptId === first.attemptId)?.reenrollRequest).toEqual(asked.reenrollRequest);
    expect((await call(hub, 'POST', `${P}/proctor/attempts/${first.attemptId}/allow-reenroll`, { token: proctor, body: { deviceFingerprint: fingerprint } })).status).toBe(200);
    expect((await summaryOf(first.attemptId)).reenrollAllowedUntil).toEqual(expect.any(String));
    const moved = await enroll(enrollBody(next, 'c-8'));
    expect(moved.status).toBe(201);
    expect(await summaryOf(first.attemptId)).toMatchObject({ reenrollRequest: null, reenrollAllowedUntil: null });
    expect(await summaryOf(moved.json.attemptId)).toMatchObject({ reenrollRequest: null });
  });

  it("with the original device's signed consent the new device enrolls and the old attempt's token is revoked; a forged consent is 422", async () => {
    await start();
    const old = makeDevice();
    const next = makeDevice();
    const first = (await enroll(enrollBody(old, 'c-8'))).json as { attemptId: string; token: string };
    // Signed by the new device, claiming to be the old one: 422. Naming a key that is not the old one: 409.
    expect((await enroll(enrollBody(next, 'c-8', { priorProof: { ...priorProof('c-8', next, next), devicePublicKey: old.publicKeyPem } }))).status).toBe(422);
    expect((await enroll(enrollBody(next, 'c-8', { priorProof: priorProof('c-8', next, next) }))).status).toBe(409);
    const moved = await enroll(enrollBody(next, 'c-8', { priorProof: priorProof('c-8', old, next) }));
    expect(moved.status).toBe(201);
    expect(moved.json.attemptId).not.toBe(first.attemptId);
    expect((await beat(first.attemptId, first.token)).status).toBe(401);
    expect((await beat(moved.json.attemptId, moved.json.token)).status).toBe(200);
    // One row for the candidate in the results CSV: the replaced attempt had no result.
    const csv = (await call(hub, 'GET', `${P}/proctor/results.csv`, { token: await login('Ada') })).text;
    expect(csv.split('\n').filter((line) => line.includes('c-8'))).toHaveLength(1);
  });

  it("a proctor's approval lets the device they saw enroll, and no other; it is used up and needs the proctor role", async () => {
    await start();
    const first = (await enroll(enrollBody(makeDevice(), 'c-8'))).json as { attemptId: string; token: string };
    expect((await beat(first.attemptId, first.token)).status).toBe(200);
    const allow = (token: string, deviceFingerprint: string) => call(hub, 'POST', `${P}/proctor/attempts/${first.attemptId}/allow-reenroll`, { token, body: { deviceFingerprint } });
    const grace = await login('Grace');
    // Nothing asked yet: nothing to allow.
    expect((await allow(grace, fingerprintOf(makeDevice()))).status).toBe(409);
    const next = makeDevice();
    expect((await enroll(enrollBody(next, 'c-8'))).status).toBe(409);
    expect((await allow(await login('Ana'), fingerprintOf(next))).status).toBe(403);
    // Another device asked after the proctor looked: allowing what they saw is refused, saying so.
    const intruder = makeDevice();
    expect((await enroll({ ...enrollBody(intruder, 'c-8'), deviceInfo: { hostname: 'not-the-candidate' } })).status).toBe(409);
    const stale = await allow(grace, fingerprintOf(next));
    expect(stale.status).toBe(409);
    expect(stale.json.details).toEqual({ deviceFingerprint: fingerprintOf(intruder) });
    // The device asks again; the proctor allows it.
    expect((await enroll(enrollBody(next, 'c-8'))).status).toBe(409);
    expect((await allow(grace, fingerprintOf(next))).status).toBe(200);
    // While the approval runs, another device is still refused and does not take the allowed one's place.
    expect((await enroll(enrollBody(intruder, 'c-8'))).status).toBe(409);
    const moved = await enroll(enrollBody(next, 'c-8'));
    expect(moved.status).toBe(201);
    expect((await beat(first.attemptId, first.token)).status).toBe(401);
    // A third device: the approval went with the second one, and the second now needs consent.
    const third = await enroll(enrollBody(makeDevice(), 'c-8'));
    expect(third.status).toBe(409);
    expect(third.json.details.attemptId).toBe(moved.json.attemptId);
    // The replaced attempt cannot be allowed again.
    expect((await allow(grace, fingerprintOf(next))).status).toBe(409);
  });

  it('re-enrolling on the same device revokes the earlier token', async () => {
    await start();
    const device = makeDevice();
    const first = (await enroll(enrollBody(device, 'c-8'))).json as { attemptId: string; token: string };
    expect((await beat(first.attemptId, first.token)).status).toBe(200);
    const again = (await enroll(enrollBody(device, 'c-8'))).json as { attemptId: string; token: string };
    expect(again.attemptId).toBe(first.attemptId);
    expect((await beat(first.attemptId, first.token)).status).toBe(401);
    expect((await beat(first.attemptId, again.token)).status).toBe(200);
  });

  it('tokens expire once the hub holds the accepted result (after a grace for the last entries)', async () => {
    await start();
    const device = makeDevice();
    const { attemptId, token } = (await enroll(enrollBody(device, 'c-8'))).json as { attemptId: string; token: string };
    const journal = new TestJournal().fillExam(DEMO_ANSWERS);
    expect((await call(hub, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries: journal.entries } })).status).toBe(200);
    const put = await call(hub, 'PUT', `${P}/attempts/${attemptId}/result`, {
      token,
      body: makeResult({ attemptId, candidateId: 'c-8', device, journal }),
      headers: { 'idempotency-key': 'synced-token-1' },
    });
    expect(put.status).toBe(201);
    now += ATTEMPT_TOKEN_SYNCED_GRACE_MS - 1000;
    expect((await beat(attemptId, token)).status).toBe(200);
    now += 2000;
    expect((await beat(attemptId, token)).status).toBe(401);
  });
});
