import type { ElectronProbe } from './electronBinary.js';
import type { FetchOutcome } from './fetchElectron.js';

/** What `npm start` runs: the desktop app, or the headless host in a browser, with the reason. */
export type StartTarget = { kind: 'electron'; binary: string } | { kind: 'browser'; reason: string };

export interface TargetDeps {
  probe(): ElectronProbe;
  /** Tries to get the binary (the electron package's install script); only called when it is missing. */
  fetch(packageDir: string): Promise<FetchOutcome>;
  env: NodeJS.ProcessEnv;
  /** `--browser`: the browser even where Electron is present. */
  forceBrowser: boolean;
}

/**
 * The desktop app where Electron's binary is present or can be fetched now; otherwise the browser,
 * with the reason in words for the one line `npm start` prints.
 */
export async function decideTarget(deps: TargetDeps): Promise<StartTarget> {
  if (deps.forceBrowser) return { kind: 'browser', reason: '--browser was given' };
  const first = deps.probe();
  if (first.kind === 'present') return { kind: 'electron', binary: first.binary };
  if (!first.packageDir) return { kind: 'browser', reason: first.reason };
  // Electron's own switch for machines that must not download it: respected, not worked around.
  if (deps.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { kind: 'browser', reason: `${first.reason} and ELECTRON_SKIP_BINARY_DOWNLOAD is set` };
  const fetched = await deps.fetch(first.packageDir);
  if (!fetched.ok) return { kind: 'browser', reason: `${first.reason} and ${fetched.reason}` };
  const second = deps.probe();
  if (second.kind === 'present') return { kind: 'electron', binary: second.binary };
  return { kind: 'browser', reason: `the download finished, but ${second.reason}` };
}
