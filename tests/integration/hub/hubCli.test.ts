import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { enroll } from '../../../electron/core/sync/enroll.js';
import { CLI_ENTRY, runCli } from '../../support/cliProcess.js';
import { repoRoot } from '../../support/paths.js';
import { DEMO_EXAM, enrollBody, makeDevice } from '../../unit/electron/hub/support/hubFixture.js';
import { api } from './support.js';

/** `vigil hub` with everything it prints up to `listening on`. */
async function spawnHub(args: string[]): Promise<{ out: string; url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, 'hub', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL; stderr: ${err}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  return { out, url, child };
}

describe('vigil hub', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  const start = async (extra: string[]) => {
    const data = await mkdtemp(join(tmpdir(), 'vigil-hubcli-'));
    cleanups.push(() => rm(data, { recursive: true, force: true }));
    const hub = await spawnHub(['--exam', DEMO_EXAM, '--data', data, ...extra]);
    cleanups.push(() => new Promise((resolve) => (hub.child.exitCode !== null ? resolve(null) : (hub.child.once('exit', resolve), hub.child.kill('SIGTERM')))));
    return hub;
  };

  it('generates the access code and proctor password, prints them before the URL, and they work', async () => {
    const { out, url } = await start([]);
    const code = /access code: ([A-Z2-9]{8})\n/.exec(out)?.[1];
    const password = /proctor password: (\S+) \(generated; shown only now\)/.exec(out)?.[1];
    expect(code).toBeDefined();
    expect(password).toBeDefined();
    expect(out.indexOf('proctor password')).toBeLessThan(out.indexOf('listening on'));
    expect(out).not.toMatch(/tls fingerprint/);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await api(url, 'POST', 'api/v1/proctor/login', { body: { password } })).status).toBe(200);
    const reply = await enroll(url, { ...enrollBody(makeDevice(), 'cli-1'), accessCode: code ?? '' });
    expect(reply.examId).toBe('demo');
  });

  it('a start with another --access-code adds a sitting and says which other codes of the exam still let candidates in', async () => {
    const data = await mkdtemp(join(tmpdir(), 'vigil-hubcli-'));
    cleanups.push(() => rm(data, { recursive: true, force: true }));
    const stop = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))));
    const first = await spawnHub(['--exam', DEMO_EXAM, '--data', data, '--access-code', 'ROOM-ONE']);
    expect(first.out).not.toMatch(/also open/);
    await stop(first.child);
    const second = await spawnHub(['--exam', DEMO_EXAM, '--data', data, '--access-code', 'ROOM-TWO']);
    cleanups.push(() => stop(second.child));
    expect(second.out).toMatch(/access code: ROOM-TWO\n/);
    expect(second.out).toMatch(/also open for this exam: .*\(ROOM-ONE, s\S+\); close one with vigil hub sitting close ID/);
    expect(second.out.indexOf('also open')).toBeLessThan(second.out.indexOf('listening on'));
  });

  it('on a LAN address serves TLS and prints the fingerprint to pin', async () => {
    const { out } = await start(['--host', '0.0.0.0', '--access-code', 'ROOM-42']);
    expect(out).toMatch(/access code: ROOM-42\n/);
    const fingerprint = /tls fingerprint \(sha256\): ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/.exec(out)?.[1];
    const port = /listening on https:\/\/[^:/]+:(\d+)\//.exec(out)?.[1];
    expect(fingerprint).toBeDefined();
    const reply = await enroll(`https://127.0.0.1:${port}/`, { ...enrollBody(makeDevice(), 'cli-2'), accessCode: 'room-42' }, { fingerprint });
    expect(reply.resumed).toBe(false);
  });

  it('exits 2 with usage for bad arguments', async () => {
    const missing = await runCli(['hub', '--exam', DEMO_EXAM]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--exam and --data are required/);
    expect((await runCli(['hub', '--exam', DEMO_EXAM, '--data', '/tmp/x', '--port', 'http'])).code).toBe(2);
    expect((await runCli(['hub', '--nope'])).code).toBe(2);
  });
});
