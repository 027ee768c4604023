import { mkdtemp, rm, writeFile, mkdir, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runCli, startCliServer } from '../../support/cliProcess.js';
import { demoExamDir } from '../../support/paths.js';
import { packProctoredDemo } from '../../support/proctoredDemo.js';
import { existsSync } from 'node:fs';

describe('vigil serve', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vigil-serve-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('exits non-zero with a one-line reason for a missing exam folder', async () => {
    const r = await runCli(['serve', '--exam', join(tmp, 'nope'), '--data', join(tmp, 'data')]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('exam folder not found');
  });

  it('exits non-zero with a one-line reason for an unreadable or invalid exam folder', async () => {
    const bad = join(tmp, 'bad-exam');
    await mkdir(bad);
    await writeFile(join(bad, 'exam.json'), '{ "format": "vigil-exam/1", ');
    const r = await runCli(['serve', '--exam', bad, '--data', join(tmp, 'data')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('exam.json');

    if (process.getuid?.() !== 0) {
      // Root reads everything, so an unreadable folder can only be simulated as another user.
      const locked = join(tmp, 'locked');
      await mkdir(locked);
      await chmod(locked, 0o000);
      const r2 = await runCli(['serve', '--exam', locked, '--data', join(tmp, 'data')]);
      expect(r2.code).not.toBe(0);
    }
  });

  it('refuses a proctored exam unless the plaintext device key is accepted explicitly', async () => {
    const packed = await packProctoredDemo(join(tmp, 'packed'));
    const data = join(tmp, 'proctored-data');
    const refused = await runCli(['serve', '--exam', packed.delivery, '--data', data, '--hub', 'http://127.0.0.1:9']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/proctored exam.*unencrypted.*device\.json.*--allow-plaintext-device-key/);
    expect(existsSync(join(data, 'device.json'))).toBe(false);
    const server = await startCliServer(['serve', '--exam', packed.delivery, '--data', data, '--hub', 'http://127.0.0.1:9', '--allow-plaintext-device-key']);
    expect(await server.stop()).toBe(0);
  });

  it('rejects a bad port with usage', async () => {
    const r = await runCli(['serve', '--exam', demoExamDir, '--data', join(tmp, 'data'), '--port', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port');
  });

  it('prints "listening on <url>" on 127.0.0.1 and serves the page and the WebSocket API', async () => {
    const server = await startCliServer(['serve', '--exam', demoExamDir, '--data', join(tmp, 'data')]);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const origin = server.url.slice(0, -1);
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/api/ws`, { origin });
      await new Promise((r) => ws.once('open', r));
      const reply = new Promise<{ result: { title: string } }>((r) => ws.once('message', (d) => r(JSON.parse(String(d)))));
      ws.send(JSON.stringify({ id: 1, method: 'getExam', params: {} }));
      expect((await reply).result.title).toBe('Vigil Practice Exam');
      ws.close();
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
