import type { RefusalKind } from '../core/lockdown/refusals.js';
import { blockShortcuts, type InputContents } from './inputGuard.js';
import { isAppUrl } from './senderCheck.js';
import { denyPermissions, hardenWebContents, PERMISSION_ALLOWLIST, refuseDownloadsAndRequests, type HardenableContents, type PermissionSession, type RequestSession } from './window.js';

type Refused = (kind: RefusalKind, url: string) => void;

/** What hardenApp uses of Electron's app and the default session. */
export interface HardenAppElectron {
  app: { on(event: 'web-contents-created', listener: (event: unknown, contents: HardenableContents & InputContents) => void): unknown };
  session: PermissionSession & RequestSession;
  platform: NodeJS.Platform;
}

/**
 * App-wide hardening, in candidate and proctor mode alike: every WebContents the app ever creates
 * refuses navigation, new windows and webviews, and swallows reload, devtools and zoom keys; the
 * session denies permissions, devices, screen capture, downloads and page-initiated network requests.
 * Sandboxing of every renderer (`app.enableSandbox()`) must happen before 'ready', in index.ts.
 */
export function hardenApp(
  electron: HardenAppElectron,
  report: { refused: Refused; shortcut(shortcut: string): void },
  /** Proctor mode: the in-process hub's origin, where the dashboard lives; nothing else. */
  options: { allowedOrigin?: string } = {},
): void {
  const allowed = options.allowedOrigin;
  const isAllowed = (url: string): boolean => isAppUrl(url) || (allowed !== undefined && sameOrigin(url, allowed));
  electron.app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, report.refused, isAllowed);
    blockShortcuts(contents, electron.platform, report.shortcut);
  });
  denyPermissions(electron.session, PERMISSION_ALLOWLIST, report.refused);
  refuseDownloadsAndRequests(electron.session, report.refused, (url) => allowed !== undefined && sameOrigin(url, allowed));
}

/** http(s) and ws(s) URLs of the same host and port count as one origin (the hub's live channel). */
export function sameOrigin(url: string, origin: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(origin);
    const scheme = (p: string) => p.replace(/^ws/, 'http');
    return scheme(a.protocol) === scheme(b.protocol) && a.host === b.host;
  } catch {
    // Unparsable: not the hub.
    return false;
  }
}
