/**
 * End-to-end harness. Drives the real Electron app through Playwright's `_electron` when its binary
 * is installed (found as `npm start` finds it); otherwise the real renderer in Chromium
 * (`$CHROMIUM_PATH`, else chromium, chromium-browser or google-chrome on PATH) against the headless
 * host. With neither it fails, saying what to install: it never passes silently.
 * `VIGIL_E2E_TARGET=electron|chromium` forces one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, chromium, type Browser, type ElectronApplication, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS as BROWSER_FLAGS, findChromium, NO_SANDBOX_FLAG } from '../../electron/cli/start/chromium.js';
import { probeElectron } from '../../electron/cli/start/electronBinary.js';
import { startHost, type RunningHost } from '../../electron/host/startHost.js';
import { demoExamDir, repoRoot } from '../support/paths.js';

/** The flags of every Chromium Vigil starts; the tests run as root in CI, hence no sandbox. */
export const CHROMIUM_FLAGS = [NO_SANDBOX_FLAG, ...BROWSER_FLAGS];

export interface LaunchOptions {
  examDir?: string;
  dataDir?: string;
}

export interface LaunchedApp {
  kind: 'electron' | 'chromium';
  page: Page;
  /** Base URL of the headless host (chromium only). */
  url?: string;
  dataDir: string;
  close(): Promise<void>;
}

function electronBinary(): string | null {
  const probe = probeElectron();
  return probe.kind === 'present' ? probe.binary : null;
}

function chromiumBinary(): string | null {
  const lookup = findChromium();
  return lookup.found ? lookup.path : null;
}

/** The headless host's own tests need a browser even where Electron is installed. */
export function requireChromium(): string {
  const browser = chromiumBinary();
  if (!browser) throw new Error('No Chromium for the headless-host tests: install it (Debian: `apt-get install -y chromium`) or set CHROMIUM_PATH.');
  return browser;
}

export function pickTarget(): { kind: 'electron'; binary: string } | { kind: 'chromium'; binary: string } {
  const forced = process.env.VIGIL_E2E_TARGET;
  const electron = forced === 'chromium' ? null : electronBinary();
  if (electron) return { kind: 'electron', binary: electron };
  if (forced === 'electron') throw new Error('VIGIL_E2E_TARGET=electron, but the Electron binary is not installed (run `npx electron --version` on a machine that can download it).');
  const browser = chromiumBinary();
  if (browser) return { kind: 'chromium', binary: browser };
  throw new Error(
    'No browser for the end-to-end tests. Install Chromium (Debian: `apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium binary; ' +
      'where the Electron binary can be downloaded, `npm install` provides it instead.',
  );
}

export async function launchApp(options: LaunchOptions = {}): Promise<LaunchedApp> {
  const examDir = options.examDir ?? demoExamDir;
  const ownDataDir = options.dataDir ? null : await mkdtemp(join(tmpdir(), 'vigil-e2e-data-'));
  const dataDir = options.dataDir ?? (ownDataDir as string);
  const target = pickTarget();

  if (target.kind === 'electron') {
    const app: ElectronApplication = await _electron.launch({
      executablePath: target.binary,
      args: [repoRoot, '--exam', examDir, '--data', dataDir],
      cwd: repoRoot,
    });
    const page = await app.firstWindow();
    return {
      kind: 'electron',
      page,
      dataDir,
      async close() {
        await app.close();
        if (ownDataDir) await rm(ownDataDir, { recursive: true, force: true });
      },
    };
  }

  const host: RunningHost = await startHost({ examDir, dataDir });
  const browser: Browser = await chromium.launch({ executablePath: target.binary, headless: true, args: CHROMIUM_FLAGS });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(host.url);
  return {
    kind: 'chromium',
    page,
    url: host.url,
    dataDir,
    async close() {
      await browser.close();
      await host.close();
      if (ownDataDir) await rm(ownDataDir, { recursive: true, force: true });
    },
  };
}
