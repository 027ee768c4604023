import type { Protocol } from 'electron';
import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../../shared/csp.js';
import { APP_HOST, APP_SCHEME } from './senderCheck.js';

/** Must run before app 'ready': `app://` is a standard, secure origin (fetch, storage) instead of file://. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** Maps an app:// request to a file inside rendererDir, or null when it would leave that folder. */
export function resolveAppPath(rendererDir: string, requestUrl: string): string | null {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return null;
  const pathname = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  const root = resolve(rendererDir);
  const file = resolve(root, `.${pathname}`);
  const rel = relative(root, file);
  if (rel.startsWith('..') || rel.includes(`..${sep}`) || resolve(root, rel) !== file) return null;
  return file;
}

/**
 * Serves the built renderer on app://vigil with the CSP on every response. `fetchFile` is
 * Electron's net.fetch, injected so this stays testable.
 */
export function handleAppProtocol(
  protocol: Pick<Protocol, 'handle'>,
  rendererDir: string,
  fetchFile: (url: string) => Promise<Response>,
): void {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppPath(rendererDir, request.url);
    if (!file || !(await isFile(file))) return new Response('Not found', { status: 404, headers: { 'Content-Security-Policy': csp } });
    const upstream = await fetchFile(pathToFileURL(file).href);
    const headers = new Headers(upstream.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(upstream.body, { status: upstream.status, headers });
  });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw error;
  }
}
