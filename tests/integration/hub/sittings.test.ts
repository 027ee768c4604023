import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubServer, type RunningHub } from '../../../electron/hub/createHubServer.js';
import { runCli } from '../../support/cliProcess.js';
import { repoRoot } from '../../support/paths.js';
import { ACCESS_CODE, DEMO_EXAM, enrollBody, makeDevice, PASSWORD, stubSql } from '../../unit/electron/hub/support/hubFixture.js';
import { call } from '../../unit/electron/hub/support/inject.js';

/**
 * Sittings (issue 19): `vigil hub sitting add|list|close` beside a running hub, enrollment by a
 * sitting's code into that sitting's exam package, the grid and the CSV per sitting, a closed or
 * not-yet-open sitting refusing enrollment.
 */
const P = '/api/v1';
const PRACTICE = join(repoRoot, 'resources', 'exams', 'lead-backend-practice');

describe('sittings', () => {
  let dataDir: string;
  let hub: RunningHub;
  let proctor: string;
  let roomB: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-sittings-'));
    hub = await createHubServer({ examDir: DEMO_EXAM, dataDir, accessCode: ACCESS_CODE, proctorPassword: PASSWORD, listen: false, deps: { sql: stubSql } });
    proctor = (await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json.token as string;
  });
  afterAll(async () => {
    await hub.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('`sitting add` beside the running hub; candidates enroll by each code into its sitting and package', async () => {
    const added = await runCli(['hub', 'sitting', 'add', '--data', dataDir, '--exam', DEMO_EXAM, '--name', 'Room B', '--access-code', 'ROOMB-1']);
    expect(added.code, added.stderr).toBe(0);
    roomB = /sitting (s\S+):/.exec(added.stdout)?.[1] ?? '';
    expect(added.stdout).toMatch(/access code: ROOMB-1/);
    const practice = await runCli(['hub', 'sitting', 'add', '--data', dataDir, '--exam', PRACTICE, '--name', 'Practice room']);
    expect(practice.code, practice.stderr).toBe(0);
    const practiceCode = /access code: (\S+)/.exec(practice.stdout)?.[1] ?? '';

    const a = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-a') });
    const b = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-b', { accessCode: ' roomb-1 ' }) });
    const c = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-c', { accessCode: practiceCode }) });
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(c.json.examId).toBe('lead-backend-practice');
    expect(b.json.examId).toBe('demo');

    const all = (await call(hub, 'GET', `${P}/proctor/attempts`, { token: proctor })).json as Array<{ candidate: { id: string } }>;
    expect(all.map((s) => s.candidate.id).sort()).toEqual(['c-a', 'c-b', 'c-c']);
    const inB = (await call(hub, 'GET', `${P}/proctor/attempts?sitting=${roomB}`, { token: proctor })).json as Array<{ candidate: { id: string } }>;
    expect(inB.map((s) => s.candidate.id)).toEqual(['c-b']);
    expect((await call(hub, 'GET', `${P}/proctor/attempts?sitting=sNoSuchOne`, { token: proctor })).status).toBe(404);
    expect((await call(hub, 'GET', `${P}/proctor/attempts?sitting=x;drop`, { token: proctor })).status).toBe(400);
    expect((await call(hub, 'GET', `${P}/proctor/attempts?other=1`, { token: proctor })).status).toBe(400);

    // The CSV: one sitting's rows, or every sitting of the hub's exam version (compared side by side).
    const csvB = (await call(hub, 'GET', `${P}/proctor/results.csv?sitting=${roomB}`, { token: proctor })).text;
    expect(csvB).toContain('c-b');
    expect(csvB).not.toContain('c-a');
    const csvAll = (await call(hub, 'GET', `${P}/proctor/results.csv`, { token: proctor })).text;
    expect(csvAll).toContain('c-a');
    expect(csvAll).toContain('c-b');
    expect(csvAll).not.toContain('c-c');

    const sittings = (await call(hub, 'GET', `${P}/proctor/sittings`, { token: proctor })).json as Array<{ name: string; examId: string }>;
    expect(sittings.map((s) => s.examId).sort()).toEqual(['demo', 'demo', 'lead-backend-practice']);
  }, 60_000);

  it('`sitting list` and `sitting close`: a closed sitting refuses enrollment; one not yet open does too', async () => {
    const list = await runCli(['hub', 'sitting', 'list', '--data', dataDir, '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((s) => s.name)).toContain('Room B');
    const closed = await runCli(['hub', 'sitting', 'close', roomB, '--data', dataDir]);
    expect(closed.code, closed.stderr).toBe(0);
    const refused = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-late', { accessCode: 'ROOMB-1' }) });
    expect(refused.status).toBe(403);
    expect(refused.json.message).toMatch(/Room B is closed/);

    await hub.store.addSitting({ name: 'Tomorrow', examId: 'demo', examVersion: '2026.11.0', packageDir: DEMO_EXAM, accessCode: 'TOMORROW', opensAt: new Date(Date.now() + 86_400_000).toISOString(), closesAt: null }, new Date().toISOString());
    const early = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-early', { accessCode: 'TOMORROW' }) });
    expect(early.status).toBe(403);
    expect(early.json.message).toMatch(/opens at/);
    const unknown = await runCli(['hub', 'sitting', 'close', 'sNope', '--data', dataDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no sitting sNope/);
  }, 60_000);

  it('`sitting add` checks its flags with the same rules as the dashboard, naming the flag; adds and closes are audited as cli', async () => {
    const add = (...flags: string[]) => runCli(['hub', 'sitting', 'add', '--data', dataDir, '--exam', DEMO_EXAM, '--name', 'Room C', ...flags]);
    const badCode = await add('--access-code', 'ab');
    expect(badCode.code).toBe(2);
    expect(badCode.stderr).toMatch(/--access-code must be 4 to 64 letters, digits or dashes/);
    const backwards = await add('--opens', '2026-05-03T10:00:00Z', '--closes', '2026-05-03T09:00:00Z');
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toMatch(/--closes must be after opens/);
    const noOffset = await add('--opens', '2026-05-03T10:00');
    expect(noOffset.code).toBe(2);
    expect(noOffset.stderr).toMatch(/--opens /);
    expect((await hub.store.listSittings()).map((s) => s.name)).not.toContain('Room C');

    const log = await hub.store.auditLog();
    expect(log).toContainEqual(expect.objectContaining({ account: 'cli', action: 'sitting:add', detail: expect.objectContaining({ sittingId: roomB, name: 'Room B' }) }));
    expect(log).toContainEqual(expect.objectContaining({ account: 'cli', action: 'sitting:close', detail: { sittingId: roomB } }));
  }, 60_000);

  it('a restart never changes a sitting\'s code: without --access-code it keeps the open sitting and its code; with a new code it adds a sitting', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-sittings-restart-'));
    const start = (accessCode?: string) => createHubServer({ examDir: DEMO_EXAM, dataDir: dir, ...(accessCode ? { accessCode } : {}), proctorPassword: PASSWORD, listen: false, deps: { sql: stubSql } });
    try {
      const first = await start();
      const generated = first.generated.accessCode;
      expect(generated).toBe(first.accessCode);
      await first.store.addSitting({ name: 'Room B', examId: 'demo', examVersion: '2026.11.0', packageDir: DEMO_EXAM, accessCode: 'ROOM-B', opensAt: null, closesAt: null }, new Date().toISOString());
      await first.close();

      const second = await start();
      expect(second.accessCode).toBe(generated);
      expect(second.generated.accessCode).toBeUndefined();
      // The default sitting closed (from the dashboard, say): the next start serves Room B as it is.
      await second.store.closeSitting(second.sitting.sittingId, new Date().toISOString());
      await second.close();

      const third = await start();
      expect(third.sitting.name).toBe('Room B');
      expect(third.accessCode).toBe('ROOM-B');
      await third.close();

      const fourth = await start('NEW-CODE');
      expect(fourth.accessCode).toBe('NEW-CODE');
      const codes = Object.fromEntries((await fourth.store.listSittings()).map((s) => [s.name === 'Room B' ? 'Room B' : s.accessCode, s.accessCode]));
      expect(codes['Room B']).toBe('ROOM-B');
      expect(codes['NEW-CODE']).toBe('NEW-CODE');
      await fourth.close();

      // A code another sitting holds (here the closed default one) is refused, saying so.
      await expect(start(generated)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('already the code of another sitting') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
