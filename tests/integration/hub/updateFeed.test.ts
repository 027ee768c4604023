import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateFeed } from '../../../electron/hub/updates/updateFeed.js';

let tmp: string;
let app: FastifyInstance;
let port: number;
const artifact = randomBytes(64 * 1024);

/** A raw request: the path goes on the wire exactly as written (fetch would normalise `..`). */
function get(rawPath: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'vigil-feed-'));
  const feed = path.join(tmp, 'feed');
  await mkdir(path.join(feed, 'stable', 'nested'), { recursive: true });
  await mkdir(path.join(feed, 'beta'), { recursive: true });
  await writeFile(path.join(feed, 'stable', 'latest-linux.yml'), 'version: 0.2.0\n');
  await writeFile(path.join(feed, 'stable', 'Vigil-0.2.0-linux-x86_64.AppImage'), artifact);
  await writeFile(path.join(feed, 'stable', 'Vigil-0.2.0-win-x64.exe'), 'MZ');
  await writeFile(path.join(feed, 'stable', 'Vigil-0.2.0-mac-arm64.zip'), 'PK');
  await writeFile(path.join(feed, 'stable', '.env'), 'SECRET=1');
  await writeFile(path.join(tmp, 'outside.txt'), 'secret outside the feed');
  await symlink(path.join(tmp, 'outside.txt'), path.join(feed, 'stable', 'escape.yml'));
  await symlink(path.join(feed, 'stable', 'latest-linux.yml'), path.join(feed, 'beta', 'latest-linux.yml'));
  app = Fastify();
  await app.register(updateFeed, { dir: feed });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await app.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('update feed', () => {
  it('serves channel metadata as YAML, never cached', async () => {
    const r = await get('/updates/stable/latest-linux.yml?noCache=1abc');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/yaml; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.body.toString()).toBe('version: 0.2.0\n');
  });

  it('serves artifacts byte for byte with their content types', async () => {
    const r = await get('/updates/stable/Vigil-0.2.0-linux-x86_64.AppImage');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.appimage');
    expect(r.headers['content-length']).toBe(String(artifact.length));
    expect(r.body.equals(artifact)).toBe(true);
    expect((await get('/updates/stable/Vigil-0.2.0-win-x64.exe')).headers['content-type']).toBe('application/vnd.microsoft.portable-executable');
    expect((await get('/updates/stable/Vigil-0.2.0-mac-arm64.zip')).headers['content-type']).toBe('application/zip');
  });

  it('answers HEAD with the headers only', async () => {
    const r = await get('/updates/stable/Vigil-0.2.0-linux-x86_64.AppImage', 'HEAD');
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBe(String(artifact.length));
    expect(r.body.length).toBe(0);
  });

  it('follows a link that stays inside the feed folder', async () => {
    const r = await get('/updates/beta/latest-linux.yml');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('version: 0.2.0\n');
  });

  it('answers 404 for unknown files, channels and folders', async () => {
    expect((await get('/updates/stable/latest-mac.yml')).status).toBe(404);
    expect((await get('/updates/nightly/latest.yml')).status).toBe(404);
    expect((await get('/updates/stable/nested')).status).toBe(404);
  });

  it('lists no folder', async () => {
    const r = await get('/updates/stable/');
    expect(r.status).toBe(400);
    expect(r.body.toString()).not.toContain('latest-linux');
  });

  it('never serves anything outside the channel folder', async () => {
    const attempts = [
      '/updates/stable/..%2F..%2Foutside.txt',
      '/updates/stable/%2e%2e%2f%2e%2e%2foutside.txt',
      '/updates/..%2F..%2F/outside.txt',
      '/updates/%2e%2e/outside.txt',
      '/updates/stable/..%5C..%5Coutside.txt',
      '/updates/stable/.env',
      '/updates/stable/latest-linux.yml%00.png',
      '/updates/Stable/latest-linux.yml',
    ];
    for (const raw of attempts) {
      const r = await get(raw);
      expect([400, 404], raw).toContain(r.status);
      expect(r.body.toString(), raw).not.toContain('SECRET');
      expect(r.body.toString(), raw).not.toContain('secret outside');
    }
    const link = await get('/updates/stable/escape.yml');
    expect(link.status).toBe(404);
    expect(link.body.toString()).not.toContain('secret outside');
    expect((await get('/updates/stable/nested/latest-linux.yml')).status).toBe(404);
  });

  it('says what was wrong with a bad name, as the hub errors do', async () => {
    const r = await get('/updates/stable/..%2Fx');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body.toString())).toEqual({ code: 'invalid-params', message: 'invalid file name' });
  });
});
