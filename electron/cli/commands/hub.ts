import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { VigilError } from '../../../shared/errors.js';
import { createHubServer } from '../../hub/createHubServer.js';
import { DEFAULT_DASHBOARD_RENDERER_DIR } from '../../hub/dashboard/serveDashboard.js';
import { registerHubUi } from '../../hub/hubUi.js';
import { ensureRendererBuilt } from '../ensureRendererBuilt.js';
import { readCommandArgs } from '../args.js';

const usage =
  'usage: vigil hub --exam <grading-package-dir> --data <dir> [--store sqlite|postgres://...] [--port N] [--host H] [--access-code C] [--proctor-password-file F]\n' +
  '                 [--upstream URL [--upstream-access-code C] [--upstream-fingerprint AA:BB:...]] [--updates <dir>]\n' +
  '       vigil hub sitting add|list|close ...   (vigil hub sitting --help)\n' +
  '       vigil hub user add|list|revoke ...     (vigil hub user --help)';

/**
 * `vigil hub`: the proctor hub, headless (DESIGN 12). Its data is in `<data>/hub.sqlite`, or in
 * the PostgreSQL database `--store postgres://...` names (then `--data` holds only the TLS
 * certificate and upstream outboxes). Prints the generated access code and proctor
 * password (once), the TLS fingerprint when serving TLS, then `listening on <url>`; runs until
 * SIGINT/SIGTERM.
 */
export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'sitting') return (await import('./hubSitting.js')).run(argv.slice(1));
  if (argv[0] === 'user') return (await import('./hubUser.js')).run(argv.slice(1));
  const args = readCommandArgs('hub', argv, {
    exam: { type: 'string' },
    data: { type: 'string' },
    store: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'access-code': { type: 'string' },
    'proctor-password-file': { type: 'string' },
    upstream: { type: 'string' },
    'upstream-access-code': { type: 'string' },
    'upstream-fingerprint': { type: 'string' },
    updates: { type: 'string' },
  }, { usage });
  if (!args.ok) return args.exitCode;
  const v = args.values;
  if (!v.exam || !v.data) {
    process.stderr.write(`vigil hub: --exam and --data are required\n${usage}\n`);
    return 2;
  }
  const port = v.port === undefined ? 0 : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`vigil hub: --port must be a whole number from 0 to 65535, got "${v.port}"\n`);
    return 2;
  }
  if (v['access-code'] !== undefined && !/^[A-Za-z0-9-]{4,64}$/.test(v['access-code'])) {
    process.stderr.write('vigil hub: --access-code must be 4 to 64 letters, digits or dashes\n');
    return 2;
  }
  if ((v['upstream-access-code'] || v['upstream-fingerprint']) && !v.upstream) {
    process.stderr.write('vigil hub: --upstream-access-code and --upstream-fingerprint go with --upstream\n');
    return 2;
  }

  let running;
  try {
    const proctorPassword = v['proctor-password-file'] ? await readPassword(v['proctor-password-file']) : undefined;
    const log = (line: string) => process.stderr.write(`${line}\n`);
    // The dashboard is the renderer's /dashboard route; in a source checkout build it if stale.
    ensureRendererBuilt(join(DEFAULT_DASHBOARD_RENDERER_DIR, '..', '..'), DEFAULT_DASHBOARD_RENDERER_DIR, log);
    const updatesDir = v.updates;
    running = await createHubServer({
      configureApp: (app) => registerHubUi(app, updatesDir ? { updatesDir } : {}),
      examDir: v.exam,
      dataDir: v.data,
      storeUrl: v.store,
      port,
      host: v.host ?? '127.0.0.1',
      accessCode: v['access-code'],
      proctorPassword,
      upstream: v.upstream ? { url: v.upstream, accessCode: v['upstream-access-code'], fingerprint: v['upstream-fingerprint'] } : undefined,
      version: await packageVersion(),
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    if (error instanceof VigilError) {
      process.stderr.write(`vigil hub: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const lines: string[] = [];
  if (running.generated.accessCode) lines.push(`access code: ${running.generated.accessCode}`);
  else lines.push(`access code: ${running.accessCode}`);
  // A start never closes a sitting: say which other codes of this exam still let candidates in.
  const served = running.sitting;
  const others = (await running.store.listSittings()).filter((s) => s.closedAt === null && s.sittingId !== served.sittingId && s.examId === served.examId && s.examVersion === served.examVersion);
  if (others.length > 0) {
    lines.push(`also open for this exam: ${others.map((s) => `${s.name} (${s.accessCode}, ${s.sittingId})`).join('; ')}; close one with vigil hub sitting close ID or on the dashboard's Sittings screen`);
  }
  if (running.generated.proctorPassword) {
    lines.push('first admin account: admin (add more with vigil hub user add)');
    lines.push(`proctor password: ${running.generated.proctorPassword} (generated; shown only now)`);
  }
  if (running.fingerprint) lines.push(`tls fingerprint (sha256): ${running.fingerprint}`);
  lines.push(`dashboard: ${running.url}dashboard/`);
  lines.push(`listening on ${running.url}`);
  const hub = running;
  // Handlers before the URL is printed (as `vigil serve`): a SIGTERM sent on reading it must close the hub.
  const stopped = new Promise<void>((resolveStop) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void hub.close().then(resolveStop, (error: unknown) => {
        process.stderr.write(`vigil hub: error while stopping: ${error instanceof Error ? error.message : String(error)}\n`);
        resolveStop();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  await stopped;
  return 0;
}

/** The password is the file's first line; a file others can read is worth a warning. */
export async function readPassword(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new VigilError('not-found', `cannot read the proctor password file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const password = text.split(/\r?\n/)[0] ?? '';
  if (password.length === 0) throw new VigilError('invalid-params', `the proctor password file ${file} is empty`);
  if (process.platform !== 'win32' && ((await stat(file)).mode & 0o077) !== 0) {
    process.stderr.write(`vigil hub: warning: ${file} can be read by other users (chmod 600 it)\n`);
  }
  return password;
}

async function packageVersion(): Promise<string> {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'package.json');
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : '0.0.0';
  } catch (error) {
    // Bundled builds may not sit next to package.json; the version is informative only.
    if (error instanceof Error) return '0.0.0';
    throw error;
  }
}
