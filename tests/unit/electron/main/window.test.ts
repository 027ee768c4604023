import { describe, expect, it } from 'vitest';
import { candidateWindowOptions, denyPermissions, hardenWebContents, type HardenableContents, type RefusalKind } from '../../../../electron/main/window.js';

/** A fake WebContents: records handlers so the test can fire Electron's events at them. */
function fakeContents() {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const contents = {
    on(event: string, handler: (...args: unknown[]) => void) {
      handlers.set(event, handler);
      return contents;
    },
    setWindowOpenHandler(handler: (d: { url: string }) => { action: string }) {
      openHandler = handler;
    },
  };
  const fire = (event: string, ...args: unknown[]) => {
    const e = { defaultPrevented: false, preventDefault() { e.defaultPrevented = true; }, url: '' };
    const h = handlers.get(event);
    if (!h) throw new Error(`no handler for ${event}`);
    h(Object.assign(e, args[0] && typeof args[0] === 'object' ? args[0] : {}), ...args.slice(1));
    return e.defaultPrevented;
  };
  return { contents: contents as unknown as HardenableContents, fire, open: (url: string) => openHandler?.({ url }) };
}

describe('candidate window options', () => {
  const opts = candidateWindowOptions('/app/preload/index.cjs', { devTools: false });

  it('isolates the renderer: sandbox, context isolation, no Node, no webviews', () => {
    expect(opts.webPreferences).toMatchObject({
      preload: '/app/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: false,
    });
  });

  it('enables devtools only when asked', () => {
    expect(candidateWindowOptions('/p', { devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('hardenWebContents', () => {
  function setup() {
    const refused: Array<[RefusalKind, string]> = [];
    const f = fakeContents();
    hardenWebContents(f.contents, (kind, url) => refused.push([kind, url]));
    return { ...f, refused };
  }

  it('refuses navigation to another origin and allows app://vigil', () => {
    const { fire, refused } = setup();
    expect(fire('will-navigate', {}, 'https://example.com/')).toBe(true);
    expect(fire('will-navigate', {}, 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', {}, 'app://vigil/index.html')).toBe(false);
    expect(refused).toEqual([
      ['navigation', 'https://example.com/'],
      ['navigation', 'file:///etc/passwd'],
    ]);
  });

  it('refuses frame navigation and redirects away from the app', () => {
    const { fire, refused } = setup();
    expect(fire('will-frame-navigate', { url: 'https://example.com/frame' })).toBe(true);
    expect(fire('will-redirect', {}, 'https://example.com/r')).toBe(true);
    expect(fire('will-redirect', {}, 'app://vigil/other.html')).toBe(false);
    expect(refused.map((r) => r[0])).toEqual(['frame-navigation', 'redirect']);
  });

  it('denies every new window and webview', () => {
    const { fire, open, refused } = setup();
    expect(open('https://example.com/popup')).toEqual({ action: 'deny' });
    expect(open('app://vigil/index.html')).toEqual({ action: 'deny' });
    expect(fire('will-attach-webview', {}, {}, { src: 'https://example.com/wv' })).toBe(true);
    expect(refused.map((r) => r[0])).toEqual(['new-window', 'new-window', 'webview']);
  });
});

describe('denyPermissions', () => {
  it('grants only allowlisted permissions and reports the rest', () => {
    let requestHandler: ((c: { getURL(): string }, p: string, cb: (g: boolean) => void) => void) | null = null;
    let checkHandler: ((c: unknown, p: string) => boolean) | null = null;
    const session = {
      setPermissionRequestHandler: (h: typeof requestHandler) => (requestHandler = h),
      setPermissionCheckHandler: (h: typeof checkHandler) => (checkHandler = h),
    };
    const refused: string[] = [];
    denyPermissions(session as never, new Set(['clipboard-sanitized-write']), (_k, url) => refused.push(url));
    const answers: boolean[] = [];
    const contents = { getURL: () => 'app://vigil/index.html' };
    requestHandler!(contents, 'media', (g) => answers.push(g));
    requestHandler!(contents, 'clipboard-sanitized-write', (g) => answers.push(g));
    expect(answers).toEqual([false, true]);
    expect(refused).toEqual(['media app://vigil/index.html']);
    expect(checkHandler!(null, 'geolocation')).toBe(false);
  });
});
