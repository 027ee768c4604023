/**
 * `vigil lint <package-dir>` (DESIGN 12): exit 0 and a one-paragraph summary, or exit 1 and every
 * problem of the package on stderr, one `file: json.path: reason` line each. Usage errors exit 2.
 */
import path from 'node:path';
import process from 'node:process';
import { parseCommandArgs } from '../args.js';
import { loadPackage, packageFolderProblem } from '../../core/package/loadPackage.js';
import { formatSummary, summarizePackage } from '../../core/package/summary.js';
import { formatProblem } from '../../core/package/types.js';

const USAGE = 'usage: vigil lint <package-dir>';

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs('lint', argv, { help: { type: 'boolean', short: 'h' } }, true);
  if (!args.ok) {
    process.stderr.write(`${args.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [dir, ...extra] = args.positionals;
  if (dir === undefined || extra.length > 0) {
    process.stderr.write(`vigil lint: ${dir === undefined ? 'missing <package-dir>' : `unexpected argument "${extra[0]}"`}\n${USAGE}\n`);
    return 2;
  }

  const folder = await packageFolderProblem(path.resolve(dir));
  if (folder) {
    process.stderr.write(`vigil lint: ${folder.reason}\n`);
    return 1;
  }
  const result = await loadPackage(dir);
  if (!result.ok) {
    process.stderr.write(result.problems.map((p) => `${formatProblem(p)}\n`).join(''));
    process.stderr.write(`vigil lint: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${dir}\n`);
    return 1;
  }
  process.stdout.write(`${formatSummary(summarizePackage(result.pkg))}\n`);
  return 0;
}
