import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { absoluteAssetUrls, serveDashboard } from '../../../../../electron/hub/dashboard/serveDashboard.js';
import { contentSecurityPolicy } from '../../../../../shared/csp.js';

const INDEX = `<!doctype html><html><head>
<script type="module" crossorigin src="./assets/index-abc.js"></script>
<link rel="modulepreload" crossorigin href="./assets/runtime-def.js">
<link rel="stylesheet" crossorigin href="./assets/index-123.css">
</head><body><div id="root"></div></body></html>`;

describe('serveDashboard', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-dash-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log("dashboard")');
    await writeFile(join(dir, 'secret.txt'), 'not an asset');
    app = Fastify();
    // The API answers 404 as JSON, as the hub's not-found handler does.
    app.setNotFoundHandler((req, reply) => void reply.code(404).send({ code: 'not-found', message: `no route ${req.url}` }));
    await app.register(serveDashboard, { rendererDir: dir });
    await app.ready();
  });
  afterEach(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at /dashboard/ and every path below it, with absolute asset URLs and the CSP', async () => {
    for (const url of ['/dashboard/', '/dashboard/attempts/abc-123']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['content-security-policy']).toBe(contentSecurityPolicy());
      expect(res.body).toContain('src="/assets/index-abc.js"');
      expect(res.body).toContain('href="/assets/runtime-def.js"');
      expect(res.body).not.toContain('./assets/');
    }
  });

  it('redirects /dashboard and / to /dashboard/', async () => {
    for (const url of ['/dashboard', '/']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/dashboard/');
    }
  });

  it('serves built assets under /assets/ and nothing outside the assets folder', async () => {
    const asset = await app.inject({ url: '/assets/index-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toContain('dashboard');
    expect(asset.headers['content-security-policy']).toBe(contentSecurityPolicy());
    expect((await app.inject({ url: '/assets/../secret.txt' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/%2e%2e/secret.txt' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/secret.txt' })).statusCode).toBe(404);
    const missing = await app.inject({ url: '/assets/nope.js' });
    expect(missing.statusCode).toBe(404);
    expect((await app.inject({ url: '/favicon.ico' })).statusCode).toBe(204);
  });

  it('says the dashboard is not built (503) when the renderer folder has no index.html', async () => {
    await rm(join(dir, 'index.html'));
    const res = await app.inject({ url: '/dashboard/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
  });

  it('rewrites relative asset URLs in src and href only', () => {
    expect(absoluteAssetUrls('<script src="./assets/a.js"></script><a href="assets/b.css">')).toBe('<script src="/assets/a.js"></script><a href="/assets/b.css">');
    expect(absoluteAssetUrls('<p>./assets/ is a folder</p>')).toBe('<p>./assets/ is a folder</p>');
  });
});
