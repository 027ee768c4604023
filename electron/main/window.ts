import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import type { RefusalKind } from '../core/lockdown/refusals.js';
import { APP_ORIGIN, APP_SCHEME, isAppUrl } from './senderCheck.js';

export type { RefusalKind } from '../core/lockdown/refusals.js';

export interface CandidateWindowSettings {
  devTools: boolean;
  /** Policy `kiosk`: fullscreen, frameless, always on top. Off for practice exams that ask for it. */
  kiosk?: boolean;
}

/** What creating a window needs of Electron's BrowserWindow class. */
export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Creates the candidate window (DESIGN 6 and Electron's security checklist): a sandboxed,
 * context-isolated renderer with no Node, no webviews, no experimental or extra Blink features and
 * no devtools in candidate mode; in kiosk mode fullscreen, frameless and always on top.
 *
 * The options are written out literally at the one `new BrowserWindow` of the app on purpose:
 * Electronegativity (tests/integration/security) reads them here, and nothing spread before
 * `webPreferences` can weaken them.
 */
export function createCandidateWindow<W>(BrowserWindow: WindowConstructor<W>, preloadPath: string, settings: CandidateWindowSettings): W {
  const kiosk = settings.kiosk ?? false;
  return new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'Vigil',
    backgroundColor: '#0f172a',
    autoHideMenuBar: true,
    kiosk,
    fullscreen: kiosk,
    frame: !kiosk,
    alwaysOnTop: kiosk,
    skipTaskbar: kiosk,
    resizable: !kiosk,
    movable: !kiosk,
    minimizable: !kiosk,
    maximizable: !kiosk,
    fullscreenable: true,
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
      // Middle-click (auxclick) on a link would otherwise try to open a window.
      disableBlinkFeatures: 'Auxclick',
      enableWebSQL: false,
      navigateOnDragDrop: false,
      // The Linux spellchecker downloads dictionaries from Google; essays are graded as written.
      spellcheck: false,
      devTools: settings.devTools,
      safeDialogs: true,
    },
  });
}

/** The options the candidate window is created with, as createCandidateWindow passes them. */
export function candidateWindowOptions(preloadPath: string, settings: CandidateWindowSettings): BrowserWindowConstructorOptions {
  const captured: BrowserWindowConstructorOptions[] = [];
  createCandidateWindow(
    class {
      constructor(options: BrowserWindowConstructorOptions) {
        captured.push(options);
      }
    },
    preloadPath,
    settings,
  );
  const [options] = captured;
  if (!options) throw new Error('createCandidateWindow did not construct a window');
  return options;
}

/** What we use of WebContents to refuse everything that would leave the app. */
export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Refuses navigation away from `app://vigil`, redirects, new windows and webviews; every refusal
 * is reported so the caller can journal it (`navigation-blocked`). Applied to every WebContents the
 * app creates, not only the candidate window's.
 */
export function hardenWebContents(contents: HardenableContents, onRefused: (kind: RefusalKind, url: string) => void, isAllowed: (url: string) => boolean = isAppUrl): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowed(url)) {
      event.preventDefault();
      onRefused('navigation', url);
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowed(event.url)) {
      event.preventDefault();
      onRefused('frame-navigation', event.url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowed(url)) {
      event.preventDefault();
      onRefused('redirect', url);
    }
  });
  contents.on('will-attach-webview', (event, _webPreferences, params) => {
    event.preventDefault();
    onRefused('webview', params.src ?? '');
  });
  // Never shell.openExternal either: a link in a question opens nothing, inside or outside the app.
  contents.setWindowOpenHandler(({ url }) => {
    onRefused('new-window', url);
    return { action: 'deny' };
  });
}

/**
 * Permissions the exam page may use. Only writing plain text to the clipboard (a "copy" button);
 * reading the clipboard would bypass clipboard isolation, and camera, microphone, screen capture,
 * notifications, geolocation, devices and fullscreen requests have no use in an exam. Fixed here
 * rather than in the policy: an exam cannot need more than the app's own pages use. If authors
 * ever need one (a webcam check), the policy schema should grow a `permissions` field.
 */
export const PERMISSION_ALLOWLIST: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** The session setters denyPermissions installs handlers on. */
export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'setDisplayMediaRequestHandler'>;

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  } catch {
    // An unparsable origin is nobody's: treated as foreign.
    return null;
  }
}

/**
 * Deny-by-default permissions: nothing is granted unless allowlisted and asked for by our own
 * `app://vigil` page. Device access (HID, serial, USB) and screen capture are refused outright.
 */
export function denyPermissions(session: PermissionSession, allow: ReadonlySet<string>, onRefused: (kind: RefusalKind, url: string) => void): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const url = details?.requestingUrl ?? contents.getURL();
    const granted = allow.has(permission) && originOf(url) === APP_ORIGIN;
    if (!granted) onRefused('permission', `${permission} ${url}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allow.has(permission) && originOf(requestingOrigin) === APP_ORIGIN);
  session.setDevicePermissionHandler((details) => {
    onRefused('permission', `${details.deviceType} ${details.origin}`);
    return false;
  });
  session.setDisplayMediaRequestHandler((request, callback) => {
    onRefused('permission', `display-capture ${request.securityOrigin ?? ''}`.trim());
    callback(null);
  });
}

/** The session features refuseDownloadsAndRequests uses. */
export type RequestSession = Pick<Session, 'on' | 'webRequest'>;

/**
 * Downloads would open a save dialog (a way out to the file system) and the page has no business
 * fetching from the network: its CSP already says `connect-src 'self'`, and this refuses http(s)
 * and WebSocket requests from any page at the session level too. Requests of the main process (updates, hub
 * sync) carry no WebContents and are not affected.
 */
export function refuseDownloadsAndRequests(session: RequestSession, onRefused: (kind: RefusalKind, url: string) => void, isAllowed: (url: string) => boolean = () => false): void {
  session.on('will-download', (event, item) => {
    event.preventDefault();
    onRefused('download', item.getURL());
  });
  // file:// is left out: a page on app:// cannot load it anyway (web security), and the app://
  // handler itself reads the built renderer through it.
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    // Proctor mode: the dashboard page talks to its own in-process hub, and only to it.
    const refused = details.webContentsId !== undefined && !isAllowed(details.url);
    if (refused) onRefused('request', details.url);
    callback({ cancel: refused });
  });
}
