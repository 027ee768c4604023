/**
 * `vigil pack <package-dir> --out <dir>` (DESIGN 4, 12): lints the package, then writes
 * `<id>-<version>.delivery` (for candidates: no key.json, hidden/ or solution/) and
 * `<id>-<version>.grading` (everything), each as a folder and a .tar.gz archive.
 */
import path from 'node:path';
import process from 'node:process';
import { VigilError } from '../../../shared/errors.js';
import { readCommandArgs } from '../args.js';
import { loadPackageForCommand, problemCount } from '../loadPackageForCommand.js';
import { packPackage, type PackedVariant } from '../../core/package/packPackage.js';

const USAGE = 'usage: vigil pack <package-dir> --out <dir>';

export async function run(argv: string[]): Promise<number> {
  const args = readCommandArgs('pack', argv, { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } }, { usage: USAGE, allowPositionals: true });
  if (!args.ok) return args.exitCode;
  const [dir, ...extra] = args.positionals;
  const out = args.values.out;
  const usageError =
    dir === undefined ? 'missing <package-dir>' : extra.length > 0 ? `unexpected argument "${extra[0]}"` : out === undefined || out === '' ? 'missing --out <dir>' : null;
  if (usageError !== null || dir === undefined || out === undefined) {
    process.stderr.write(`vigil pack: ${usageError ?? 'invalid arguments'}\n${USAGE}\n`);
    return 2;
  }

  const pkg = await loadPackageForCommand('pack', dir, (n) => `not packing ${dir}: ${problemCount(n)} (see \`vigil lint\`)`);
  if (!pkg) return 1;

  try {
    const packed = await packPackage(pkg, out);
    process.stdout.write(describe('delivery', packed.delivery) + describe('grading', packed.grading));
    return 0;
  } catch (error) {
    if (error instanceof VigilError && error.code !== 'internal') {
      process.stderr.write(`vigil pack: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function describe(kind: string, v: PackedVariant): string {
  const files = `${v.files} file${v.files === 1 ? '' : 's'}`;
  return `wrote ${kind} package ${v.folder}${path.sep} (${files})\nwrote ${kind} archive ${v.archive} (${formatBytes(v.archiveBytes)})\n`;
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}
