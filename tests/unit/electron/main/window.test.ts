import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { sameOrigin } from '../../../../electron/main/hardening.js';
import {
  candidateWindowOptions,
  createCandidateWindow,
  denyPermissions,
  hardenWebContents,
  PERMISSION_ALLOWLIST,
  refuseDownloadsAndRequests,
  type HardenableContents,
  type PermissionSession,
  type RefusalKind,
  type RequestSession,
} from '../../../../electron/main/window.js';
import { createFakeSession } from '../../../support/fakeElectron.js';

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

  it('follows the rest of Electron’s checklist: no experimental or extra Blink features, no auxclick', () => {
    expect(opts.webPreferences).toMatchObject({ experimentalFeatures: false, disableBlinkFeatures: 'Auxclick', navigateOnDragDrop: false, spellcheck: false });
    expect(opts.webPreferences?.enableBlinkFeatures).toBeUndefined();
    expect(opts.webPreferences).not.toHaveProperty('enableRemoteModule');
  });

  it('enables devtools only when asked', () => {
    expect(candidateWindowOptions('/p', { devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('is kiosk, fullscreen, frameless and always on top under the kiosk policy', () => {
    expect(candidateWindowOptions('/p', { devTools: false, kiosk: true })).toMatchObject({
      kiosk: true,
      fullscreen: true,
      frame: false,
      alwaysOnTop: true,
      resizable: false,
      movable: false,
      minimizable: false,
      maximizable: false,
    });
  });

  it('is a normal window for a practice exam without kiosk', () => {
    expect(opts).toMatchObject({ kiosk: false, fullscreen: false, frame: true, alwaysOnTop: false, resizable: true, minimizable: true });
  });

  it('constructs the window with exactly these options', () => {
    const seen: BrowserWindowConstructorOptions[] = [];
    class FakeWindow {
      constructor(options: BrowserWindowConstructorOptions) {
        seen.push(options);
      }
    }
    const win = createCandidateWindow(FakeWindow, '/app/preload/index.cjs', { devTools: false, kiosk: true });
    expect(win).toBeInstanceOf(FakeWindow);
    expect(seen).toEqual([candidateWindowOptions('/app/preload/index.cjs', { devTools: false, kiosk: true })]);
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
    expect(fire('will-navigate', {}, 'app://vigil.evil.example/')).toBe(true);
    expect(fire('will-navigate', {}, 'app://vigil/index.html')).toBe(false);
    expect(refused).toEqual([
      ['navigation', 'https://example.com/'],
      ['navigation', 'file:///etc/passwd'],
      ['navigation', 'app://vigil.evil.example/'],
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
  function setup() {
    const session = createFakeSession();
    const refused: string[] = [];
    denyPermissions(session as unknown as PermissionSession, new Set(['clipboard-sanitized-write']), (_k, url) => refused.push(url));
    return { handlers: session.handlers, refused };
  }
  const ours = { getURL: () => 'app://vigil/index.html' };

  it('grants only allowlisted permissions and reports the rest', () => {
    const { handlers, refused } = setup();
    const answers: boolean[] = [];
    handlers.request!(ours, 'media', (g) => answers.push(g));
    handlers.request!(ours, 'clipboard-sanitized-write', (g) => answers.push(g));
    handlers.request!(ours, 'clipboard-read', (g) => answers.push(g));
    expect(answers).toEqual([false, true, false]);
    expect(refused).toEqual(['media app://vigil/index.html', 'clipboard-read app://vigil/index.html']);
    expect(handlers.check!(null, 'geolocation', 'app://vigil')).toBe(false);
    expect(handlers.check!(null, 'clipboard-sanitized-write', 'app://vigil')).toBe(true);
  });

  it('grants nothing to another origin, even allowlisted permissions', () => {
    const { handlers } = setup();
    const answers: boolean[] = [];
    handlers.request!({ getURL: () => 'https://evil.example/' }, 'clipboard-sanitized-write', (g) => answers.push(g));
    handlers.request!(ours, 'clipboard-sanitized-write', (g) => answers.push(g), { requestingUrl: 'https://evil.example/frame' });
    expect(answers).toEqual([false, false]);
    expect(handlers.check!(null, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
  });

  it('refuses devices and screen capture outright', () => {
    const { handlers, refused } = setup();
    expect(handlers.device!({ deviceType: 'usb', origin: 'app://vigil' })).toBe(false);
    const streams: unknown[] = [];
    handlers.displayMedia!({ securityOrigin: 'app://vigil' }, (s) => streams.push(s));
    expect(streams).toEqual([null]);
    expect(refused).toEqual(['usb app://vigil', 'display-capture app://vigil']);
  });

  it('allows only writing text to the clipboard in the app', () => {
    expect([...PERMISSION_ALLOWLIST]).toEqual(['clipboard-sanitized-write']);
  });
});

describe('refuseDownloadsAndRequests', () => {
  it('cancels downloads and network requests from pages, not the main process’s', () => {
    const session = createFakeSession();
    const refused: Array<[RefusalKind, string]> = [];
    refuseDownloadsAndRequests(session as unknown as RequestSession, (kind, url) => refused.push([kind, url]));
    const download = session.emit('will-download', { getURL: () => 'blob:app://vigil/123' });
    expect(download.defaultPrevented).toBe(true);
    const answers: boolean[] = [];
    session.handlers.beforeRequest!({ url: 'https://exfil.example/?a=1', webContentsId: 1 }, (r) => answers.push(r.cancel));
    session.handlers.beforeRequest!({ url: 'https://hub.example/sync' }, (r) => answers.push(r.cancel));
    expect(answers).toEqual([true, false]);
    expect(session.handlers.beforeRequestFilter?.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    expect(refused).toEqual([
      ['download', 'blob:app://vigil/123'],
      ['request', 'https://exfil.example/?a=1'],
    ]);
  });

  it('lets pages reach only an allowed origin (proctor mode: the dashboard and its own hub)', () => {
    const session = createFakeSession();
    const refused: string[] = [];
    refuseDownloadsAndRequests(session as unknown as RequestSession, (_k, url) => refused.push(url), (url) => sameOrigin(url, 'http://127.0.0.1:8443'));
    const answers: boolean[] = [];
    session.handlers.beforeRequest!({ url: 'http://127.0.0.1:8443/api/v1/proctor/attempts', webContentsId: 1 }, (r) => answers.push(r.cancel));
    session.handlers.beforeRequest!({ url: 'ws://127.0.0.1:8443/api/v1/proctor/live', webContentsId: 1 }, (r) => answers.push(r.cancel));
    session.handlers.beforeRequest!({ url: 'http://127.0.0.1:9999/elsewhere', webContentsId: 1 }, (r) => answers.push(r.cancel));
    expect(answers).toEqual([false, false, true]);
    expect(refused).toEqual(['http://127.0.0.1:9999/elsewhere']);
  });
});

describe('sameOrigin', () => {
  it('treats http and ws of one host and port as one origin, and nothing else', () => {
    expect(sameOrigin('wss://hub.local:8443/live', 'https://hub.local:8443')).toBe(true);
    expect(sameOrigin('http://hub.local:8443/', 'https://hub.local:8443')).toBe(false);
    expect(sameOrigin('https://hub.local:9000/', 'https://hub.local:8443')).toBe(false);
    expect(sameOrigin('not a url', 'https://hub.local:8443')).toBe(false);
  });
});

