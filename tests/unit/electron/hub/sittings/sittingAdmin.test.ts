import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginReplySchema } from '../../../../../shared/hub/proctor.js';
import { sittingListReplySchema, sittingSchema } from '../../../../../shared/hub/sittings.js';
import { loadSittingPackage } from '../../../../../electron/hub/sittings/newSitting.js';
import { repoRoot } from '../../../../support/paths.js';
import { call } from '../support/inject.js';
import { enrollBody, makeDevice, PASSWORD, startTestHub, type TestHub } from '../support/hubFixture.js';

/**
 * Sittings from the dashboard (issue 19): createSitting and closeSitting on a real hub with its
 * SQLite store, through the HTTP layer (app.inject): the created sitting enrolls candidates, a
 * closed one refuses them, the checks name the field they refuse, and both writes are audited
 * under the account.
 */
const P = '/api/v1';
const PRACTICE = join(repoRoot, 'resources', 'exams', 'lead-backend-practice');

describe('createSitting and closeSitting', () => {
  let hub: TestHub;
  let admin: string;
  let proctor: string;

  beforeEach(async () => {
    hub = await startTestHub();
    const login = await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD, name: 'Ada' } });
    expect(login.status).toBe(200);
    admin = loginReplySchema.parse(login.json).token;
    proctor = (await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD, name: 'Grace' } })).json.token as string;
  });
  afterEach(async () => {
    await hub.dispose();
  });

  const create = (body: unknown, token = admin) => call(hub, 'POST', `${P}/proctor/sittings`, { token, body });
  const close = (id: string, token = admin) => call(hub, 'POST', `${P}/proctor/sittings/${id}/close`, { token });
  const list = async () => sittingListReplySchema.parse((await call(hub, 'GET', `${P}/proctor/sittings`, { token: proctor })).json);

  it('the login reply names the account and its role (the dashboard shows admin controls by it)', async () => {
    const login = loginReplySchema.parse((await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD, name: 'Grace' } })).json);
    expect([login.name, login.role]).toEqual(['Grace', 'proctor']);
    const first = loginReplySchema.parse((await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json);
    expect([first.name, first.role]).toEqual(['admin', 'admin']);
  });

  it('an admin adds a sitting (201) of the hub exam; candidates enroll with its code into it; the list counts them; audited', async () => {
    const opens = new Date(Date.now() - 60_000).toISOString();
    const closes = new Date(Date.now() + 3_600_000).toISOString().replace('Z', '+00:00');
    const res = await create({ name: '  Room B, 3 May ', accessCode: 'room-b', opens, closes });
    expect(res.status, res.text).toBe(201);
    const created = sittingSchema.parse(res.json);
    expect(created).toMatchObject({ name: 'Room B, 3 May', accessCode: 'ROOM-B', examId: 'demo', examVersion: '2026.11.0', opensAt: opens, closedAt: null, attempts: 0 });
    // Stored in UTC, whatever offset was sent: enrollment compares the window as strings.
    expect(created.closesAt).toMatch(/Z$/);

    const enrolled = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-room-b', { accessCode: 'Room-B' }) });
    expect(enrolled.status, enrolled.text).toBe(201);
    const inB = await call(hub, 'GET', `${P}/proctor/attempts?sitting=${created.sittingId}`, { token: proctor });
    expect((inB.json as Array<{ candidate: { id: string } }>).map((a) => a.candidate.id)).toEqual(['c-room-b']);
    const listed = await list();
    expect(listed.find((s) => s.sittingId === created.sittingId)?.attempts).toBe(1);
    expect(listed.find((s) => s.sittingId === hub.sitting.sittingId)?.attempts).toBe(0);

    expect(await hub.store.auditLog()).toContainEqual(expect.objectContaining({ account: 'Ada', action: 'sitting:add', detail: expect.objectContaining({ sittingId: created.sittingId, name: 'Room B, 3 May' }) }));
  });

  it('without an access code the hub makes one up; another package the hub serves can be named; an unknown one is refused naming package', async () => {
    const generated = sittingSchema.parse((await create({ name: 'Room C' })).json);
    expect(generated.accessCode).toMatch(/^[A-Z2-9]{8}$/);
    // The practice package is known to the hub once a sitting serves it (vigil hub sitting add does that).
    await hub.store.addSitting({ name: 'Practice', examId: 'lead-backend-practice', examVersion: await practiceVersion(), packageDir: PRACTICE, accessCode: 'PRACTICE', opensAt: null, closesAt: null }, new Date().toISOString());
    const practice = await create({ name: 'Practice 2', package: { examId: 'lead-backend-practice', examVersion: await practiceVersion() } });
    expect(practice.status, practice.text).toBe(201);
    expect(practice.json).toMatchObject({ examId: 'lead-backend-practice', packageDir: PRACTICE });
    const unknown = await create({ name: 'Nope', package: { examId: 'other-exam', examVersion: '1' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.details.fields).toEqual([{ path: 'body.package', message: expect.stringMatching(/serves no package of other-exam 1/) }]);
  });

  it('refuses a bad code, a window that closes before it opens, a time without an offset and an empty name, each naming its field; a taken code is 409', async () => {
    const fieldsOf = async (body: unknown) => {
      const res = await create(body);
      expect(res.status, res.text).toBe(400);
      return (res.json.details.fields as Array<{ path: string }>).map((f) => f.path);
    };
    expect(await fieldsOf({ name: 'Room', accessCode: 'ab' })).toEqual(['body.accessCode']);
    expect(await fieldsOf({ name: 'Room', accessCode: 'has space' })).toEqual(['body.accessCode']);
    expect(await fieldsOf({ name: 'Room', opens: '2026-05-03T10:00:00Z', closes: '2026-05-03T09:00:00Z' })).toEqual(['body.closes']);
    expect(await fieldsOf({ name: 'Room', opens: '2026-05-03T10:00:00Z', closes: '2026-05-03T10:00:00Z' })).toEqual(['body.closes']);
    expect(await fieldsOf({ name: 'Room', opens: '2026-05-03T10:00' })).toEqual(['body.opens']);
    expect(await fieldsOf({ name: '   ' })).toEqual(['body.name']);
    const closesBefore = await create({ name: 'Room', opens: '2026-05-03T10:00:00Z', closes: '2026-05-03T09:00:00Z' });
    expect(closesBefore.json.message).toMatch(/body\.closes: must be after opens/);

    const taken = await create({ name: 'Same code', accessCode: 'testcode' });
    expect(taken.status).toBe(409);
    expect(taken.json.details.fields[0].path).toBe('body.accessCode');
    expect((await list()).map((s) => s.name)).not.toContain('Room');
  });

  it('an admin closes a sitting (200); its code then refuses enrollment (403); closing it again is 409; an unknown id 404; audited', async () => {
    const room = sittingSchema.parse((await create({ name: 'Room D', accessCode: 'ROOM-D' })).json);
    const closed = await close(room.sittingId);
    expect(closed.status, closed.text).toBe(200);
    const view = sittingSchema.parse(closed.json);
    expect(view.closedAt).not.toBeNull();

    const refused = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-late', { accessCode: 'ROOM-D' }) });
    expect(refused.status).toBe(403);
    expect(refused.json.message).toMatch(/Room D is closed/);
    // The hub's own sitting is untouched.
    expect((await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-main') })).status).toBe(201);

    const again = await close(room.sittingId);
    expect(again.status).toBe(409);
    expect(again.json.details).toEqual({ closedAt: view.closedAt });
    expect((await close('sNoSuchSitting')).status).toBe(404);

    const log = (await hub.store.auditLog()).filter((e) => e.action === 'sitting:close');
    // One row: the refused second close changed nothing.
    expect(log).toEqual([expect.objectContaining({ account: 'Ada', detail: { sittingId: room.sittingId, name: 'Room D' } })]);
  });

  it('a proctor may list sittings but not add or close one (403)', async () => {
    const refusedCreate = await create({ name: 'Room E' }, proctor);
    expect(refusedCreate.status).toBe(403);
    expect(refusedCreate.json.message).toMatch(/the proctor role may not/);
    expect((await close(hub.sitting.sittingId, proctor)).status).toBe(403);
    expect((await list()).map((s) => s.closedAt)).toEqual([null]);
  });
});

async function practiceVersion(): Promise<string> {
  return (await loadSittingPackage(PRACTICE)).exam.version;
}
