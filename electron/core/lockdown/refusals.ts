import { violation, type LockdownViolation } from './violation.js';

/** What the window and session handlers refuse (electron/main/window.ts). */
export type RefusalKind = 'navigation' | 'frame-navigation' | 'redirect' | 'new-window' | 'webview' | 'download' | 'request' | 'ipc' | 'permission';

const WHAT: Readonly<Record<RefusalKind, string>> = {
  navigation: 'Navigation away from the exam',
  'frame-navigation': 'A frame navigating away from the exam',
  redirect: 'A redirect away from the exam',
  'new-window': 'Opening a new window',
  webview: 'Embedding a web view',
  download: 'A download',
  request: 'A network request from the exam page',
  ipc: 'A call to the app from a frame that is not the exam page',
  permission: 'A permission request',
};

/** URLs can be long or carry data: keep the journal entry readable. */
function shortUrl(url: string): string {
  return url.length > 300 ? `${url.slice(0, 300)}…` : url;
}

/**
 * The violation for a refusal: `navigation-blocked` (info: usually a link in a question the
 * candidate clicked), `permission-denied` (warning: the page asked for camera, screen, devices…),
 * or, for an API call from a foreign frame, a critical `navigation-blocked`: only injected content
 * makes one.
 */
export function refusalViolation(kind: RefusalKind, target: string): LockdownViolation {
  if (kind === 'ipc') return violation('navigation-blocked', 'critical', `${WHAT[kind]} was refused: ${shortUrl(target)}.`, { refusal: kind, target: shortUrl(target) });
  if (kind === 'permission') return violation('permission-denied', 'warning', `${WHAT[kind]} was denied: ${shortUrl(target)}.`, { refusal: kind, target: shortUrl(target) });
  return violation('navigation-blocked', 'info', `${WHAT[kind]} was refused${target ? `: ${shortUrl(target)}` : ''}.`, { refusal: kind, target: shortUrl(target) });
}
