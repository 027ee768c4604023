import process from 'node:process';
import { resolve } from 'node:path';
import { VigilError } from '../../../shared/errors.js';
import { sittingFieldsSchema } from '../../../shared/hub/sittings.js';
import { loadSittingPackage, newSitting, sittingAuditDetail } from '../../hub/sittings/newSitting.js';
import type { HubStore, Sitting } from '../../hub/store/hubStore.js';
import { openHubStore } from '../../hub/store/openHubStore.js';
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

/** The flag each field of sittingFieldsSchema comes from, for the error messages. */
const FLAG_OF: Readonly<Record<string, string>> = { name: '--name', accessCode: '--access-code', opens: '--opens', closes: '--closes' };

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
      const closed = await store.closeSitting(id, now, { at: now, account: 'cli', action: 'sitting:close', attemptId: null, detail: { sittingId: id } });
      process.stdout.write(closed ? `closed ${id}: candidates can no longer enroll with its code\n` : `${id} was already closed\n`);
      return 0;
    }
    if (!v.exam || !v.name) {
      process.stderr.write(`vigil hub sitting add: --exam and --name are required\n${usage}\n`);
      return 2;
    }
    // The same rules as the dashboard's createSitting (shared/hub/sittings.ts), reported by flag.
    const fields = sittingFieldsSchema.safeParse({ name: v.name, accessCode: v['access-code'], opens: v.opens, closes: v.closes });
    if (!fields.success) {
      for (const issue of fields.error.issues) process.stderr.write(`vigil hub sitting add: ${FLAG_OF[String(issue.path[0])] ?? String(issue.path[0])} ${issue.message}\n`);
      return 2;
    }
    const pkg = await loadSittingPackage(v.exam);
    const sitting = await store.addSitting(newSitting(fields.data, pkg), now, (s) => ({ at: now, account: 'cli', action: 'sitting:add', attemptId: null, detail: sittingAuditDetail(s) }));
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
