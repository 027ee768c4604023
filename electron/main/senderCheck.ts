/** The custom scheme and host the renderer is served from (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'vigil';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** What we need of Electron's WebFrameMain to judge a sender. */
export interface FrameLike {
  url: string;
  parent: unknown;
}

/** True for URLs on our own `app://vigil` origin. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    // An unparsable URL is by definition not ours.
    return false;
  }
}

/**
 * VS Code's ValidatedIpcMain rule: only our own top-level frame on our own origin may call the API.
 * A subframe, a navigated-away page or a destroyed frame (null) is refused.
 */
export function isTrustedSender(frame: FrameLike | null | undefined): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}
