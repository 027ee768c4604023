import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handleAppProtocol, registerAppScheme, resolveAppPath } from '../../../../electron/main/appProtocol.js';

describe('resolveAppPath', () => {
  const root = '/app/renderer';
  it('maps app://vigil paths into the renderer folder', () => {
    expect(resolveAppPath(root, 'app://vigil/')).toBe('/app/renderer/index.html');
    expect(resolveAppPath(root, 'app://vigil/assets/x.js')).toBe('/app/renderer/assets/x.js');
  });
  it('refuses paths that climb out of the folder, encoded or not, and other hosts', () => {
    // The URL parser already folds plain and %2e dot segments, so these stay inside the folder.
    expect(resolveAppPath(root, 'app://vigil/%2e%2e/%2e%2e/etc/passwd')).toBe('/app/renderer/etc/passwd');
    // An encoded slash survives URL parsing and must be caught after decoding.
    expect(resolveAppPath(root, 'app://vigil/assets/%2e%2e%2f%2e%2e%2fsecret')).toBeNull();
    expect(resolveAppPath(root, 'app://other/index.html')).toBeNull();
  });
});

describe('app:// protocol', () => {
  it('registers app as a standard secure scheme', () => {
    const calls: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (s: unknown) => calls.push(s) } as never);
    expect(calls).toEqual([[{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]]);
  });

  it('serves files with the CSP header and 404s outside the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-proto-'));
    await writeFile(join(dir, 'index.html'), '<p>hi</p>');
    let handler: ((r: Request) => Promise<Response>) | null = null;
    handleAppProtocol({ handle: (_s: string, h: (r: Request) => Promise<Response>) => (handler = h) } as never, dir, async (url) => {
      const { readFile } = await import('node:fs/promises');
      return new Response(await readFile(new URL(url)), { status: 200 });
    });
    const ok = await handler!(new Request('app://vigil/index.html'));
    expect(await ok.text()).toBe('<p>hi</p>');
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'");
    const outside = await handler!(new Request('app://vigil/a/%2e%2e%2f%2e%2e%2fsecret'));
    expect(outside.status).toBe(404);
    const missing = await handler!(new Request('app://vigil/missing.js'));
    expect(missing.status).toBe(404);
    await rm(dir, { recursive: true, force: true });
  });
});
