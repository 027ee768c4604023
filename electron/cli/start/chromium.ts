import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Flags every Chromium that Vigil starts gets (the end-to-end tests' and `npm start`'s): no GPU,
 * no background traffic to Google (updates, sync, QUIC probes), no first-run dialogs.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Chromium refuses to start as root without it; it is never added for anyone else. */
export const NO_SANDBOX_FLAG = '--no-sandbox';

/** Looked for on PATH, in this order. */
export const CHROMIUM_NAMES: readonly string[] = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export type ChromiumLookup = { found: true; path: string } | { found: false; reason: string };

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch (error) {
    // Absent, or not ours to run: not a browser we can start.
    if (['ENOENT', 'ENOTDIR', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) return false;
    throw error;
  }
}

/**
 * An installed Chromium: `CHROMIUM_PATH` when set (and then only it: an explicit choice that does
 * not exist is reported, not silently replaced), otherwise the first of CHROMIUM_NAMES on PATH.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) return isExecutableFile(chosen) ? { found: true, path: chosen } : { found: false, reason: `no Chromium found (CHROMIUM_PATH=${chosen} is not an executable file)` };
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d.length > 0);
  for (const name of CHROMIUM_NAMES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return { found: true, path: candidate };
    }
  }
  return { found: false, reason: `no Chromium found (none of ${CHROMIUM_NAMES.join(', ')} is on PATH, and CHROMIUM_PATH is not set)` };
}

/**
 * Why a Chromium window cannot open on this Linux session (no X11 or Wayland display: a server or
 * an SSH login), or null. Said up front: Chromium's own error would be lost in its D-Bus chatter.
 */
export function displayProblem(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'linux' || env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  return '$DISPLAY and $WAYLAND_DISPLAY are unset';
}

/** A browser to open, given what was found and whether a window can appear. */
export function usableChromium(lookup: ChromiumLookup, display: string | null, headless: boolean): ChromiumLookup {
  if (!lookup.found || headless || display === null) return lookup;
  return { found: false, reason: `${lookup.path} cannot open a window here (${display})` };
}

export interface AppModeOptions {
  /** A fresh, empty user-data-dir: no extensions, history or saved state of the user's own browser. */
  profileDir: string;
  /** Running as root (containers): Chromium needs NO_SANDBOX_FLAG there. */
  root: boolean;
  /** Tests only: no window, and a DevTools port (written to the profile's DevToolsActivePort) to look at the page. */
  headless: boolean;
}

/** Chromium's arguments for the exam page as a single kiosk window without browser UI. */
export function appModeArgs(url: string, opts: AppModeOptions): string[] {
  return [
    ...(opts.root ? [NO_SANDBOX_FLAG] : []),
    ...CHROMIUM_FLAGS,
    '--no-default-browser-check',
    `--user-data-dir=${opts.profileDir}`,
    '--kiosk',
    ...(opts.headless ? ['--headless', '--remote-debugging-port=0'] : []),
    `--app=${url}`,
  ];
}
