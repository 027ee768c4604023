/**
 * `vigil lint <package-dir>` (DESIGN 12): exit 0 and a one-paragraph summary, or exit 1 and every
 * problem of the package on stderr, one `file: json.path: reason` line each. Usage errors exit 2.
 */
import process from 'node:process';
import { readCommandArgs } from '../args.js';
import { loadPackageForCommand, problemCount } from '../loadPackageForCommand.js';
import { formatSummary, summarizePackage } from '../../core/package/summary.js';

const USAGE = 'usage: vigil lint <package-dir>';

export async function run(argv: string[]): Promise<number> {
  const args = readCommandArgs('lint', argv, { help: { type: 'boolean', short: 'h' } }, { usage: USAGE, allowPositionals: true });
  if (!args.ok) return args.exitCode;
  const [dir, ...extra] = args.positionals;
  if (dir === undefined || extra.length > 0) {
    process.stderr.write(`vigil lint: ${dir === undefined ? 'missing <package-dir>' : `unexpected argument "${extra[0]}"`}\n${USAGE}\n`);
    return 2;
  }

  const pkg = await loadPackageForCommand('lint', dir, (n) => `${problemCount(n)} in ${dir}`);
  if (!pkg) return 1;
  process.stdout.write(`${formatSummary(summarizePackage(pkg))}\n`);
  return 0;
}
