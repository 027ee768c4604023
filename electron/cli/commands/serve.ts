import process from 'node:process';
import { VigilError } from '../../../shared/errors.js';
import { DEFAULT_RENDERER_DIR, loadExamPackage, REPO_ROOT, startHost } from '../../host/startHost.js';
import { ensureRendererBuilt } from '../ensureRendererBuilt.js';
import { readCommandArgs } from '../args.js';

const usage = 'usage: vigil serve --exam <package-dir> --data <dir> [--port N] [--host H] [--hub URL [--hub-fingerprint AA:BB:…]] [--allow-plaintext-device-key]';

/**
 * The headless host has no OS keychain (Electron's safeStorage), so its device key is a plaintext
 * 0600 file: anyone who can read the data folder can sign results as this machine. Fine for
 * practice and development; a proctored exam needs the operator to accept that explicitly.
 */
export const PLAINTEXT_KEY_FLAG = 'allow-plaintext-device-key';

/** `vigil serve`: the headless host. Prints `listening on <url>` and runs until SIGINT/SIGTERM. */
export async function run(argv: string[]): Promise<number> {
  const args = readCommandArgs('serve', argv, {
    exam: { type: 'string' },
    data: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    hub: { type: 'string' },
    'hub-fingerprint': { type: 'string' },
    [PLAINTEXT_KEY_FLAG]: { type: 'boolean' },
  }, { usage });
  if (!args.ok) return args.exitCode;
  const { exam, data, port, host, hub } = args.values;
  const fingerprint = args.values['hub-fingerprint'];
  if (hub !== undefined && !URL.canParse(hub)) {
    process.stderr.write(`vigil serve: --hub must be a URL such as http://127.0.0.1:8443, got "${hub}"\n`);
    return 2;
  }
  if (!exam || !data) {
    process.stderr.write(`vigil serve: --exam and --data are required\n${usage}\n`);
    return 2;
  }
  const portNumber = port === undefined ? 0 : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 0 || portNumber > 65535) {
    process.stderr.write(`vigil serve: --port must be a whole number from 0 to 65535, got "${port}"\n`);
    return 2;
  }
  let running;
  try {
    // The package first: a bad exam folder is reported in one line before any build output.
    const pkg = await loadExamPackage(exam);
    if (pkg.exam.mode === 'proctored' && args.values[PLAINTEXT_KEY_FLAG] !== true) {
      process.stderr.write(
        `vigil serve: ${pkg.exam.id} is a proctored exam, and the headless host keeps this machine's signing key unencrypted in ${data}/device.json (there is no OS keychain here). Use the desktop app, or pass --${PLAINTEXT_KEY_FLAG} to accept that.\n`,
      );
      return 2;
    }
    ensureRendererBuilt(REPO_ROOT, DEFAULT_RENDERER_DIR, (l) => process.stderr.write(`${l}\n`));
    running = await startHost({ ...(hub ? { hub: { url: hub, ...(fingerprint ? { fingerprint } : {}) } } : {}), examDir: exam, pkg, dataDir: data, port: portNumber, host: host ?? '127.0.0.1', log: (l) => process.stderr.write(`${l}\n`) });
  } catch (error) {
    if (error instanceof VigilError) {
      process.stderr.write(`vigil serve: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const host_ = running;
  // The handlers are in place before the URL is printed: whoever starts us may stop us the moment
  // it reads the line, and a SIGTERM before them would kill the process without closing the host.
  const stopped = new Promise<void>((resolveStop) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void host_.close().then(resolveStop);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write(`listening on ${running.url}\n`);
  await stopped;
  return 0;
}
