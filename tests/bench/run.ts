/**
 * `npm run bench [-- <name> ...] [--store sqlite|postgres|all]`: runs tests/bench/<name>.bench.ts (all of them without a name).
 * Each bench exports `run(report)` and reports rows; every row is printed as one JSON line:
 * {name, unit, value} plus baseline and ratio (value / baseline) when a baseline was measured.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchRow {
  name: string;
  unit: string;
  value: number;
  baseline?: number;
  ratio?: number;
  [extra: string]: unknown;
}
export type Report = (row: BenchRow) => void;

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();

const argv = process.argv.slice(2).filter((a) => a !== '--');
// `--store sqlite|postgres|all`: which hub store hub-ingest measures (BENCH_STORE for the bench).
const storeAt = argv.indexOf('--store');
if (storeAt >= 0) {
  const store = argv[storeAt + 1];
  if (store !== 'sqlite' && store !== 'postgres' && store !== 'all') {
    process.stderr.write('bench: --store takes sqlite, postgres or all\n');
    process.exit(1);
  }
  process.env.BENCH_STORE = store;
  argv.splice(storeAt, 2);
}
const wanted = argv;
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
  process.exit(1);
}

const report: Report = (row) => {
  const out: BenchRow = { ...row };
  if (out.baseline !== undefined && out.ratio === undefined && out.baseline !== 0) out.ratio = Number((out.value / out.baseline).toFixed(3));
  process.stdout.write(`${JSON.stringify(out)}\n`);
};

for (const name of wanted.length > 0 ? wanted : available) {
  const mod = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as { run: (report: Report) => Promise<void> };
  process.stderr.write(`bench: ${name}\n`);
  await mod.run(report);
}
