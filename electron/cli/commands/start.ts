import { join, resolve } from 'node:path';
import process from 'node:process';
import { VigilError } from '../../../shared/errors.js';
import { REPO_ROOT } from '../../host/startHost.js';
import { readCommandArgs } from '../args.js';
import { ensureAppBuilt } from '../ensureRendererBuilt.js';
import { runBrowserMode } from '../start/browserMode.js';
import { displayProblem, findChromium, usableChromium } from '../start/chromium.js';
import { defaultBrowserDataDir } from '../start/dataDir.js';
import { decideTarget } from '../start/decideTarget.js';
import { probeElectron } from '../start/electronBinary.js';
import { runElectron } from '../start/electronMode.js';
import { fetchElectron } from '../start/fetchElectron.js';

const usage = 'usage: vigil start [--exam <package-dir>] [--data <dir>] [--browser] [--port N] [--proctor] [--config <file>]';
const help = `${usage}

Starts the desktop app on the exam (default: the bundled practice exam), building it first if
needed. Where Electron's binary is missing and cannot be downloaded (or with --browser), serves the
exam with the headless host and opens it in Chromium as a kiosk window, or prints its URL when no
Chromium is installed (CHROMIUM_PATH chooses one). Runs until Ctrl+C.`;

/** Long enough for Electron's ~100 MB download on a slow line; a blocked network fails at once. */
const FETCH_TIMEOUT_MS = 180_000;

/** Test-only: Chromium without a window, with a DevTools port to look at the page. */
const HEADLESS_ENV = 'VIGIL_START_HEADLESS';

/** `vigil start` (what `npm start` runs): the desktop app, or the exam in a browser where Electron cannot run. */
export async function run(argv: string[]): Promise<number> {
  const args = readCommandArgs(
    'start',
    argv,
    {
      exam: { type: 'string' },
      data: { type: 'string' },
      port: { type: 'string' },
      browser: { type: 'boolean', default: false },
      proctor: { type: 'boolean', default: false },
      config: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    { usage, help },
  );
  if (!args.ok) return args.exitCode;
  const { values } = args;
  const examDir = resolve(values.exam ?? join(REPO_ROOT, 'resources', 'exams', 'demo'));
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`vigil start: --port must be a whole number from 0 to 65535, got "${values.port}"\n`);
    return 2;
  }
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const target = await decideTarget({
    probe: () => probeElectron(),
    fetch: (packageDir) => fetchElectron(packageDir, { timeoutMs: FETCH_TIMEOUT_MS, onSlow: () => print(`vigil: downloading Electron's binary (giving up after ${FETCH_TIMEOUT_MS / 1000} s)…`) }),
    env: process.env,
    forceBrowser: values.browser,
  });

  if (target.kind === 'electron') {
    ensureAppBuilt(REPO_ROOT, log);
    const flags = ['--exam', examDir, ...(values.data ? ['--data', resolve(values.data)] : []), ...(values.proctor ? ['--proctor'] : []), ...(values.config ? ['--config', resolve(values.config)] : [])];
    return runElectron(target.binary, REPO_ROOT, flags);
  }

  print(`vigil: Electron is not available (${target.reason}): running the exam in the browser instead.`);
  if (values.proctor || values.config) {
    const flag = values.proctor ? '--proctor' : '--config';
    process.stderr.write(`vigil start: ${flag} needs the desktop app; without it run the hub with \`npm run vigil -- hub --exam <package> --data <dir>\`\n`);
    return 2;
  }
  const headless = process.env[HEADLESS_ENV] === '1';
  // Ctrl+C, a kill, or the terminal closing: each ends Chromium and the host properly.
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const stopRequested = new Promise<void>((resolveStop) => {
    const stop = () => {
      for (const s of signals) process.off(s, stop);
      resolveStop();
    };
    for (const s of signals) process.on(s, stop);
  });
  try {
    await runBrowserMode({
      examDir,
      dataDir: resolve(values.data ?? defaultBrowserDataDir()),
      port,
      chromium: usableChromium(findChromium(), displayProblem(), headless),
      root: process.getuid?.() === 0,
      headless,
      print,
      log,
      stopRequested,
    });
  } catch (error) {
    if (error instanceof VigilError) {
      process.stderr.write(`vigil start: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  return 0;
}
