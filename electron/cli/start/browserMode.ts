import { DEFAULT_RENDERER_DIR, loadExamPackage, REPO_ROOT, startHost } from '../../host/startHost.js';
import { ensureRendererBuilt } from '../ensureRendererBuilt.js';
import type { ChromiumLookup } from './chromium.js';
import { chromiumError, launchChromium, type RunningChromium } from './chromiumProcess.js';

export interface BrowserModeOptions {
  examDir: string;
  dataDir: string;
  port: number;
  chromium: ChromiumLookup;
  root: boolean;
  headless: boolean;
  /** Vigil's own lines (stdout). */
  print(line: string): void;
  /** Build output and host errors (stderr). */
  log(line: string): void;
  /** Settles when the user asks to stop (Ctrl+C). */
  stopRequested: Promise<void>;
}

/**
 * Where Electron cannot run: the headless host on the exam, opened in Chromium as a kiosk app
 * window, or its URL printed when there is no Chromium. Serves until stopped; then ends Chromium,
 * removes its profile and closes the host (the attempt's last checkpoint included).
 */
export async function runBrowserMode(opts: BrowserModeOptions): Promise<void> {
  // The package first: a bad exam folder is one line, before any build output.
  const pkg = await loadExamPackage(opts.examDir);
  ensureRendererBuilt(REPO_ROOT, DEFAULT_RENDERER_DIR, opts.log);
  const host = await startHost({ examDir: opts.examDir, pkg, dataDir: opts.dataDir, port: opts.port, host: '127.0.0.1', log: opts.log });
  opts.print(`vigil: serving ${opts.examDir} at ${host.url} (answers are kept in ${opts.dataDir})`);

  let stopping = false;
  let browser: RunningChromium | null = null;
  let windowClosed: Promise<void> = new Promise(() => {});
  if (opts.chromium.found) {
    const running = await launchChromium(opts.chromium.path, host.url, { root: opts.root, headless: opts.headless });
    browser = running;
    opts.print(`vigil: opened it in ${opts.chromium.path} (app mode, kiosk); press Ctrl+C to stop.`);
    windowClosed = running.exited.then(({ code, stderr, error }) => {
      // Ended by us on Ctrl+C: nothing to say.
      if (stopping) return;
      // Closed by the candidate: the session is over. Failed to start (no display, ...): the URL still works.
      if (code === 0) {
        opts.print('vigil: the Chromium window was closed.');
        return;
      }
      opts.print(`vigil: Chromium exited (${error ?? (chromiumError(stderr) || `exit code ${code}`)}). Open ${host.url} in a browser; press Ctrl+C to stop.`);
      return new Promise<void>(() => {});
    });
  } else {
    opts.print(`vigil: ${opts.chromium.reason}. Open ${host.url} in a browser; press Ctrl+C to stop.`);
  }

  await Promise.race([opts.stopRequested, windowClosed]);
  stopping = true;
  opts.print('vigil: stopping…');
  try {
    await browser?.close();
  } finally {
    await host.close();
  }
}
