import type { RefusalKind } from '../core/lockdown/refusals.js';
import { blockShortcuts, type InputContents } from './inputGuard.js';
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
export function hardenApp(electron: HardenAppElectron, report: { refused: Refused; shortcut(shortcut: string): void }): void {
  electron.app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, report.refused);
    blockShortcuts(contents, electron.platform, report.shortcut);
  });
  denyPermissions(electron.session, PERMISSION_ALLOWLIST, report.refused);
  refuseDownloadsAndRequests(electron.session, report.refused);
}
