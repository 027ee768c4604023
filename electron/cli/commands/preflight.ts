/**
 * `vigil preflight [--exam <package-dir>] [--data <dir>] [--json]` (DESIGN 12): the candidate's
 * pre-flight checks on this machine, under that exam's policy (the default policy without --exam).
 * `--json` prints `[{id, title, status, detail}]`; otherwise one block per check.
 *
 * Exit codes: 0 when the exam can start here, possibly after a proctor's override (every failure is
 * overridable); 1 when a check failed that no override can waive, or the package is invalid;
 * 2 for usage errors.
 */
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import type { PreflightCheck } from '../../../shared/attemptView.js';
import { loadPackage } from '../../core/package/loadPackage.js';
import { formatProblem } from '../../core/package/types.js';
import { runPreflightChecks } from '../../core/preflight/preflightChecks.js';
import { readCommandArgs } from '../args.js';

const USAGE = 'usage: vigil preflight [--exam <package-dir>] [--data <dir>] [--json]';

/**
 * Where the desktop app keeps its data (Electron's appData folder): the storage check probes it.
 * The app adds its own subfolder there on first start.
 */
export function defaultAppDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  if (platform === 'win32') return env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? path.join(home, '.config');
}

const MARK: Readonly<Record<PreflightCheck['status'], string>> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

/** The human report: one block per check, then a one-line summary. */
export function formatPreflight(checks: readonly PreflightCheck[], heading: string): string {
  const lines = [heading, ''];
  for (const check of checks) {
    const note = check.status === 'fail' ? (check.overridable ? '  (a proctor can override)' : '  (cannot be overridden)') : '';
    lines.push(`${MARK[check.status]}  ${check.title}${note}`);
    lines.push(`      ${check.detail}`);
  }
  const count = (s: PreflightCheck['status']) => checks.filter((c) => c.status === s).length;
  const blocking = checks.filter((c) => c.status === 'fail' && !c.overridable).length;
  lines.push('');
  lines.push(`${count('pass')} passed, ${count('warn')} with warnings, ${count('fail')} failed${blocking > 0 ? ` (${blocking} cannot be overridden)` : ''}.`);
  return `${lines.join('\n')}\n`;
}

export function preflightExitCode(checks: readonly PreflightCheck[]): number {
  return checks.some((c) => c.status === 'fail' && !c.overridable) ? 1 : 0;
}

export async function run(argv: string[]): Promise<number> {
  const args = readCommandArgs('preflight', argv, { exam: { type: 'string' }, data: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } }, { usage: USAGE });
  if (!args.ok) return args.exitCode;
  let exam;
  if (args.values.exam !== undefined) {
    const loaded = await loadPackage(args.values.exam);
    if (!loaded.ok) {
      process.stderr.write(loaded.problems.map((p) => `${formatProblem(p)}\n`).join(''));
      process.stderr.write(`vigil preflight: ${args.values.exam} is not a valid exam package\n`);
      return 1;
    }
    exam = loaded.pkg.exam;
  }
  const dataDir = path.resolve(args.values.data ?? defaultAppDataDir());
  const checks = await runPreflightChecks({ exam, dataDir });
  if (args.values.json) {
    process.stdout.write(`${JSON.stringify(checks.map(({ id, title, status, detail }) => ({ id, title, status, detail })), null, 2)}\n`);
  } else {
    const heading = exam ? `Pre-flight checks for ${exam.title} (${exam.id} ${exam.version}) on this computer:` : 'Pre-flight checks on this computer (default policy; pass --exam for an exam’s own):';
    process.stdout.write(formatPreflight(checks, heading));
  }
  return preflightExitCode(checks);
}
