import process from 'node:process';
import { resolve } from 'node:path';
import { VigilError } from '../../../shared/errors.js';
import { generateAccessCode } from '../../hub/auth/tokens.js';
import type { HubStore, Sitting } from '../../hub/store/hubStore.js';
import { openHubStore } from '../../hub/store/openHubStore.js';
import { loadPackage } from '../../core/package/loadPackage.js';
import { formatProblem } from '../../core/package/types.js';
import { readCommandArgs } from '../args.js';

/**
 * `vigil hub sitting add|list|close`: a hub's sittings, in its store (the SQLite file in --data,
 * or --store postgres://...), written beside a running hub. A sitting is an exam package (grading
 * version), an access code, an optional window and a name.
 */
const usage =
  'usage: vigil hub sitting add --data <dir> [--store URL] --exam <grading-package-dir> --name NAME [--access-code C] [--opens ISO] [--closes ISO]\n' +
  '       vigil hub sitting list --data <dir> [--store URL] [--json]\n' +
  '       vigil hub sitting close SITTING-ID --data <dir> [--store URL]';

const common = { data: { type: 'string' }, store: { type: 'string' }, help: { type: 'boolean' } } as const;

export async function run(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb !== 'add' && verb !== 'list' && verb !== 'close') {
    process.stderr.write(`vigil hub sitting: expected add, list or close\n${usage}\n`);
    return 2;
  }
  const args = readCommandArgs(
    `hub sitting ${verb}`,
    rest,
    { ...common, exam: { type: 'string' }, name: { type: 'string' }, 'access-code': { type: 'string' }, opens: { type: 'string' }, closes: { type: 'string' }, json: { type: 'boolean' } },
    { usage, allowPositionals: verb === 'close' },
  );
  if (!args.ok) return args.exitCode;
  const v = args.values;
  if (!v.data && !v.store) {
    process.stderr.write(`vigil hub sitting: --data (or --store) is required\n${usage}\n`);
    return 2;
  }
  let store: HubStore | null = null;
  try {
    store = await openHubStore({ dataDir: resolve(v.data ?? '.'), store: v.store, lock: false });
    await store.open();
    const now = new Date().toISOString();
    if (verb === 'list') {
      const sittings = await store.listSittings();
      process.stdout.write(v.json ? `${JSON.stringify(sittings, null, 2)}\n` : table(sittings));
      return 0;
    }
    if (verb === 'close') {
      const id = args.positionals[0];
      if (!id || args.positionals.length !== 1) {
        process.stderr.write(`vigil hub sitting close: name one sitting id\n${usage}\n`);
        return 2;
      }
      if (!(await store.sitting(id))) throw new VigilError('not-found', `no sitting ${id}`);
      const closed = await store.closeSitting(id, now);
      process.stdout.write(closed ? `closed ${id}: candidates can no longer enroll with its code\n` : `${id} was already closed\n`);
      return 0;
    }
    if (!v.exam || !v.name) {
      process.stderr.write(`vigil hub sitting add: --exam and --name are required\n${usage}\n`);
      return 2;
    }
    const code = v['access-code'];
    if (code !== undefined && !/^[A-Za-z0-9-]{4,64}$/.test(code)) {
      process.stderr.write('vigil hub sitting add: --access-code must be 4 to 64 letters, digits or dashes\n');
      return 2;
    }
    for (const [flag, value] of [['--opens', v.opens], ['--closes', v.closes]] as const) {
      if (value !== undefined && Number.isNaN(Date.parse(value))) {
        process.stderr.write(`vigil hub sitting add: ${flag} must be an ISO date and time, got "${value}"\n`);
        return 2;
      }
    }
    const loaded = await loadPackage(v.exam);
    if (!loaded.ok) throw new VigilError('package-invalid', `exam package ${resolve(v.exam)} is invalid: ${loaded.problems.map(formatProblem).join('; ')}`);
    if (!loaded.pkg.key) throw new VigilError('package-invalid', `the hub grades results, so a sitting needs the grading package (with key.json); ${loaded.pkg.dir} has none`);
    const sitting = await store.addSitting(
      {
        name: v.name,
        examId: loaded.pkg.exam.id,
        examVersion: loaded.pkg.exam.version,
        packageDir: loaded.pkg.dir,
        accessCode: code ?? generateAccessCode(),
        opensAt: v.opens === undefined ? null : new Date(v.opens).toISOString(),
        closesAt: v.closes === undefined ? null : new Date(v.closes).toISOString(),
      },
      now,
    );
    process.stdout.write(`sitting ${sitting.sittingId}: ${sitting.name}, ${sitting.examId} ${sitting.examVersion}\naccess code: ${sitting.accessCode}\n`);
    return 0;
  } catch (error) {
    if (error instanceof VigilError) {
      process.stderr.write(`vigil hub sitting: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await store?.close();
  }
}

function table(sittings: Sitting[]): string {
  if (sittings.length === 0) return 'no sittings\n';
  const rows = [['id', 'name', 'exam', 'access code', 'window', 'state'], ...sittings.map((s) => [s.sittingId, s.name, `${s.examId} ${s.examVersion}`, s.accessCode, `${s.opensAt ?? '-'} .. ${s.closesAt ?? '-'}`, s.closedAt ? `closed ${s.closedAt}` : 'open'])];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return `${rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n')}\n`;
}
