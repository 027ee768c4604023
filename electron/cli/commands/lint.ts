/**
 * `vigil lint [--run] <package-dir>` (DESIGN 12, 13): exit 0 and a one-paragraph summary, or exit 1
 * and every problem of the package on stderr, one `file: json.path: reason` line each. Usage
 * errors exit 2.
 *
 * A grading package's coding items with weighted hidden tests have their reference solution run
 * (sandboxed when bubblewrap works), which checks that every leaf test matches exactly one entry of
 * the key's `tests`. `--run` grades, in every language, the solution (full marks), the starter
 * (<= 10%) and every mutant (<= its maxPoints), prints the table, and exits 1 on any breach.
 */
import process from 'node:process';
import { VigilError } from '../../../shared/errors.js';
import { createCodingGrader } from '../../core/grading/coding/codingGrader.js';
import { formatGateTable, runMutantGates } from '../../core/grading/coding/mutantGates.js';
import { formatSummary, summarizePackage } from '../../core/package/summary.js';
import { readCommandArgs } from '../args.js';
import { loadPackageForCommand, problemCount } from '../loadPackageForCommand.js';

const USAGE = 'usage: vigil lint [--run] <package-dir>';

export async function run(argv: string[]): Promise<number> {
  const args = readCommandArgs('lint', argv, { help: { type: 'boolean', short: 'h' }, run: { type: 'boolean' } }, { usage: USAGE, allowPositionals: true });
  if (!args.ok) return args.exitCode;
  const [dir, ...extra] = args.positionals;
  if (dir === undefined || extra.length > 0) {
    process.stderr.write(`vigil lint: ${dir === undefined ? 'missing <package-dir>' : `unexpected argument "${extra[0]}"`}\n${USAGE}\n`);
    return 2;
  }

  const pkg = await loadPackageForCommand('lint', dir, (n) => `${problemCount(n)} in ${dir}`);
  if (!pkg) return 1;
  const all = args.values.run === true;
  if (all && !pkg.key) {
    process.stderr.write(`vigil lint: --run needs the grading package: ${dir} has no key.json\n`);
    return 1;
  }
  if (pkg.key) {
    const grader = createCodingGrader({ pkgDir: pkg.dir, sandbox: 'auto' });
    try {
      const rows = await runMutantGates(pkg, grader, {
        variants: all ? 'all' : 'solution',
        only: all ? undefined : (item) => (pkg.key?.items[item.id] as { tests?: unknown } | undefined)?.tests !== undefined,
        // Progress only for the long `--run`; a plain lint stays a one-paragraph answer.
        ...(all ? { onProgress: (what: string) => process.stderr.write(`vigil lint: grading ${what}\n`) } : {}),
      });
      const failed = rows.filter((r) => !r.ok);
      if (all) process.stdout.write(`${formatGateTable(rows)}\n`);
      if (failed.length > 0) {
        for (const r of failed) process.stderr.write(`tasks: ${r.itemId}${r.language ? ` (${r.language})` : ''} ${r.variant}: ${r.note}\n`);
        process.stderr.write(`vigil lint: ${problemCount(failed.length)} in ${dir}\n`);
        return 1;
      }
    } catch (error) {
      if (error instanceof VigilError) {
        process.stderr.write(`vigil lint: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  }
  process.stdout.write(`${formatSummary(summarizePackage(pkg))}\n`);
  return 0;
}
