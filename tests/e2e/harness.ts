/**
 * End-to-end harness. Drives the real Electron app through Playwright's `_electron` when its binary
 * is installed; otherwise the real renderer in Chromium (`$CHROMIUM_PATH` or /usr/bin/chromium)
 * against the headless host. With neither it fails, saying what to install: it never passes silently.
 * `VIGIL_E2E_TARGET=electron|chromium` forces one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron, chromium, type Browser, type ElectronApplication, type Page } from 'playwright-core';
import { startHost, type RunningHost } from '../../electron/host/startHost.js';
import { demoExamDir, repoRoot } from '../support/paths.js';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

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

/**
 * The Electron binary, if it has been downloaded. Read from the package's path.txt rather than by
 * requiring 'electron', which would try to download it (and fail without a network).
 */
function electronBinary(): string | null {
  try {
    const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch (error) {
    // No electron package at all: the Chromium path is the only one.
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return null;
    throw error;
  }
}

function chromiumBinary(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p)) ?? null;
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
