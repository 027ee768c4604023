/**
 * Proctor mode's wiring without Electron: the hub in-process with its dashboard, as
 * `npm start -- --proctor` starts it, reachable by a proctor and by candidates.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProctorMode, type ProctorMode } from '../../../electron/hub/proctorMode.js';
import { demoExamDir } from '../../support/paths.js';

describe('proctor mode', () => {
  let data: string;
  let mode: ProctorMode;
  beforeAll(async () => {
    data = await mkdtemp(join(tmpdir(), 'vigil-proctor-mode-'));
    mode = await startProctorMode({ examDir: demoExamDir, dataDir: data });
  });
  afterAll(async () => {
    await mode?.close();
    await rm(data, { recursive: true, force: true });
  });

  it('serves the dashboard page at the URL the window opens, with the CSP', async () => {
    expect(mode.dashboardUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dashboard\/$/);
    const res = await fetch(mode.dashboardUrl);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('generates the credentials the proctor is shown once, and they work', async () => {
    const { accessCode, proctorPassword } = mode.hub.generated;
    expect(accessCode).toBeTruthy();
    expect(proctorPassword).toBeTruthy();
    const login = await fetch(new URL('/api/v1/proctor/login', mode.hub.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: proctorPassword }) });
    expect(login.status).toBe(200);
    const devicePublicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const enroll = await fetch(new URL('/api/v1/enroll', mode.hub.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessCode, candidateId: 'c1', candidateName: 'Ada', devicePublicKey, deviceInfo: {} }),
    });
    expect(enroll.status).toBe(201);
  });

  it('keeps its store in the app data folder', async () => {
    expect(await readdir(data)).toContain('hub');
  });

  it('the next session on the same data folder gets a new password that works; the old one no longer does', async () => {
    const before = mode.hub.generated.proctorPassword;
    await mode.close();
    mode = await startProctorMode({ examDir: demoExamDir, dataDir: data });
    const after = mode.hub.generated.proctorPassword;
    expect(after).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect(after).not.toBe(before);
    const login = (password: string | undefined) =>
      fetch(new URL('/api/v1/proctor/login', mode.hub.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }) });
    expect((await login(after)).status).toBe(200);
    expect((await login(before)).status).toBe(401);
  });
});
