import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubServer, type RunningHub } from '../../../electron/hub/createHubServer.js';
import { runCli } from '../../support/cliProcess.js';
import { ACCESS_CODE, DEMO_EXAM, enrollBody, makeDevice, PASSWORD, stubSql } from '../../unit/electron/hub/support/hubFixture.js';
import { call } from '../../unit/electron/hub/support/inject.js';

/**
 * `vigil hub user add|list|revoke` beside a running hub (issue 19): an account added from the CLI
 * logs in with its role at once; a revoked account's session stops working; the first admin was
 * created at first start with the --proctor-password-file password.
 */
const P = '/api/v1';

describe('vigil hub user', () => {
  let dataDir: string;
  let hub: RunningHub;
  let passwordFile: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-hubuser-'));
    passwordFile = join(dataDir, 'marie-password');
    await writeFile(passwordFile, 'marie grades essays\n');
    await chmod(passwordFile, 0o600);
    hub = await createHubServer({ examDir: DEMO_EXAM, dataDir, accessCode: ACCESS_CODE, proctorPassword: PASSWORD, listen: false, deps: { sql: stubSql }, sessionRecheckMs: 0 });
  });
  afterAll(async () => {
    await hub.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('adds a grader who logs in with that role; revoking ends the session; list shows the accounts', async () => {
    const attemptId = (await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-u') })).json.attemptId as string;
    const added = await runCli(['hub', 'user', 'add', 'marie', '--role', 'grader', '--data', dataDir, '--password-file', passwordFile]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/added marie \(grader\)/);
    const login = await call(hub, 'POST', `${P}/proctor/login`, { body: { name: 'marie', password: 'marie grades essays' } });
    expect(login.status).toBe(200);
    const token = login.json.token as string;
    expect((await call(hub, 'POST', `${P}/proctor/attempts/${attemptId}/commands`, { token, body: { type: 'message', text: 'hi' } })).status).toBe(403);
    expect((await call(hub, 'GET', `${P}/proctor/attempts`, { token })).status).toBe(200);
    // The first admin, from the password file at first start.
    expect((await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).status).toBe(200);

    const list = await runCli(['hub', 'user', 'list', '--data', dataDir]);
    expect(list.stdout).toMatch(/^admin\tadmin\tactive$/m);
    expect(list.stdout).toMatch(/^marie\tgrader\tactive$/m);
    const revoked = await runCli(['hub', 'user', 'revoke', 'marie', '--data', dataDir]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(/revoked 1 session/);
    expect((await call(hub, 'GET', `${P}/proctor/attempts`, { token })).status).toBe(401);
    expect(await hub.store.auditLog()).toContainEqual(expect.objectContaining({ action: 'account:add', detail: { name: 'marie', role: 'grader' } }));
  }, 60_000);

  it('refuses a bad role (2), a duplicate name (1), and asks for a file when there is no terminal (1)', async () => {
    const badRole = await runCli(['hub', 'user', 'add', 'x', '--role', 'root', '--data', dataDir, '--password-file', passwordFile]);
    expect(badRole.code).toBe(2);
    const duplicate = await runCli(['hub', 'user', 'add', 'marie', '--role', 'viewer', '--data', dataDir, '--password-file', passwordFile]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already an account named marie/);
    const noTty = await runCli(['hub', 'user', 'add', 'zoe', '--role', 'viewer', '--data', dataDir]);
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toMatch(/--password-file/);
  }, 60_000);
});
