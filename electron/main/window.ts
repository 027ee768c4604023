import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { isAppUrl } from './senderCheck.js';

/**
 * The candidate window (DESIGN 6, the parts that do not need the lockdown work): a sandboxed,
 * context-isolated renderer with no Node, no webviews and no devtools in candidate mode.
 */
export function candidateWindowOptions(preloadPath: string, opts: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#0f172a',
    title: 'Vigil',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: opts.devTools,
      safeDialogs: true,
    },
  };
}

export type RefusalKind = 'navigation' | 'frame-navigation' | 'redirect' | 'new-window' | 'webview' | 'permission';

/** What we use of WebContents to refuse everything that would leave the app. */
export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Refuses navigation away from `app://vigil`, redirects, new windows and webviews; every refusal
 * is reported so the caller can journal it.
 */
export function hardenWebContents(contents: HardenableContents, onRefused: (kind: RefusalKind, url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      onRefused('navigation', url);
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) {
      event.preventDefault();
      onRefused('frame-navigation', event.url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      onRefused('redirect', url);
    }
  });
  contents.on('will-attach-webview', (event, _webPreferences, params) => {
    event.preventDefault();
    onRefused('webview', params.src ?? '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    onRefused('new-window', url);
    return { action: 'deny' };
  });
}

/** Deny-by-default permissions: nothing is granted unless allowlisted. */
export function denyPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  allow: ReadonlySet<string>,
  onRefused: (kind: RefusalKind, url: string) => void,
): void {
  session.setPermissionRequestHandler((contents, permission, callback) => {
    const granted = allow.has(permission);
    if (!granted) onRefused('permission', `${permission} ${contents.getURL()}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission) => allow.has(permission));
}
