import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { contentSecurityPolicy } from '../../../shared/csp.js';

/**
 * Serves the proctor dashboard (a route of the built renderer) from the hub (DESIGN 2, 8): every
 * path under /dashboard/ gets index.html (the app routes itself), /assets/* the built files. Same
 * CSP as the headless host and the app:// protocol; `connect-src 'self'` covers the hub's API and
 * its live WebSocket, which are on this same origin.
 *
 * The renderer is built with relative asset URLs (`./assets/...`, which Electron's app:// needs),
 * and a page at /dashboard/attempts/<id> would resolve those below itself. index.html is therefore
 * served with its asset URLs made absolute (`/assets/...`); chunks the bundle imports later are
 * resolved against the importing module's URL, so they stay under /assets/ too.
 */
export const DASHBOARD_PREFIX = '/dashboard';
export const ASSETS_PREFIX = '/assets/';

/**
 * `out/renderer` in this checkout: the same folder electron/host/startHost.ts's DEFAULT_RENDERER_DIR
 * names, computed here so the hub does not load the candidate engine (and node-pty) to find it.
 * Packaged builds pass their own `rendererDir`.
 */
export const DEFAULT_DASHBOARD_RENDERER_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'), 'out', 'renderer');

export interface ServeDashboardOptions {
  /** The built renderer: index.html and assets/. */
  rendererDir?: string;
}

/** Makes `./assets/x` (and `assets/x`) in src and href attributes absolute. */
export function absoluteAssetUrls(html: string): string {
  return html.replace(/(\s(?:src|href)=["'])(?:\.\/)?assets\//g, `$1${ASSETS_PREFIX}`);
}

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vigil dashboard not built</title></head>
<body><main><h1>The proctor dashboard is not built</h1><p>This hub has no built renderer to serve. In a source checkout run <code>npm run build</code>, then reload this page. The hub's API works without it.</p></main></body></html>`;

const serveDashboardPlugin: FastifyPluginAsync<ServeDashboardOptions> = async (app: FastifyInstance, options) => {
  const rendererDir = resolve(options.rendererDir ?? DEFAULT_DASHBOARD_RENDERER_DIR);
  const csp = contentSecurityPolicy();

  // Hooks added inside this plugin apply to its routes only (Fastify encapsulation): the API keeps its own headers.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', csp);
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    return payload;
  });

  await app.register(fastifyStatic, {
    root: join(rendererDir, 'assets'),
    prefix: ASSETS_PREFIX,
    index: false,
    decorateReply: false,
    // Missing assets fall through to the hub's 404 handler (JSON, rate limited).
    wildcard: true,
    dotfiles: 'deny',
  });

  const sendIndex = async (_req: unknown, reply: FastifyReply) => {
    let html: string;
    try {
      html = await readFile(join(rendererDir, 'index.html'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    }
    // Always fresh: it names the current build's assets.
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(absoluteAssetUrls(html));
  };

  // Browsers ask for it on every page; there is no icon, and a 404 would only clutter the console.
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());
  // The hub's bare address is where a proctor starts.
  app.get('/', async (_req, reply) => reply.redirect(`${DASHBOARD_PREFIX}/`, 302));
  // Without the trailing slash the page's relative links would resolve one level up.
  app.get(DASHBOARD_PREFIX, async (_req, reply) => reply.redirect(`${DASHBOARD_PREFIX}/`, 302));
  app.get(`${DASHBOARD_PREFIX}/`, sendIndex);
  app.get(`${DASHBOARD_PREFIX}/*`, sendIndex);
};

/**
 * Registers the dashboard on the hub's Fastify app; call before `listen`/`ready`:
 * `await app.register(serveDashboard, { rendererDir })`.
 */
export const serveDashboard = serveDashboardPlugin;
