import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { list as listTar } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../../../electron/cli/commands/pack.js';
import { checkDeliverable } from '../../../../../electron/core/package/deliverable.js';
import { loadPackage, loadPackageOrThrow } from '../../../../../electron/core/package/loadPackage.js';
import { copyDemo, deleteAt, setAt, type TempPackage } from '../../../../fixtures/packages/demoPackage.js';
import { runCaptured } from '../../../../fixtures/packages/runCommand.js';

let pkg: TempPackage;
let out: string;
beforeEach(async () => {
  pkg = await copyDemo();
  out = await mkdtemp(path.join(os.tmpdir(), 'vigil-pack-out-'));
});
afterEach(async () => {
  await pkg.cleanup();
  await rm(out, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

async function archiveEntries(file: string): Promise<string[]> {
  const names: string[] = [];
  await listTar({ file, onReadEntry: (entry) => names.push(entry.path) });
  return names.filter((n) => !n.endsWith('/')).sort();
}

const DELIVERY_FILES = ['data/shop.sql', 'exam.json', 'tasks/sum/README.md', 'tasks/sum/starter/package.json', 'tasks/sum/starter/sum.js', 'tasks/sum/starter/sum.test.js'];
const GRADING_FILES = [...DELIVERY_FILES, 'key.json', 'tasks/sum/hidden/sum.hidden.test.js', 'tasks/sum/solution/sum.js'].sort();

describe('vigil pack', () => {
  it('writes a delivery package without grading material and a grading package with everything', async () => {
    const r = await runCaptured(run, [pkg.dir, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const delivery = path.join(out, 'demo-2026.11.0.delivery');
    const grading = path.join(out, 'demo-2026.11.0.grading');
    expect(r.stdout).toContain(`wrote delivery package ${delivery}${path.sep} (6 files)`);
    expect(r.stdout).toContain(`wrote delivery archive ${delivery}.tar.gz (`);
    expect(r.stdout).toContain(`wrote grading package ${grading}${path.sep} (9 files)`);
    expect(r.stdout).toContain(`wrote grading archive ${grading}.tar.gz (`);

    expect(await filesUnder(delivery)).toEqual(DELIVERY_FILES);
    expect(await filesUnder(grading)).toEqual(GRADING_FILES);
    expect(await archiveEntries(`${delivery}.tar.gz`)).toEqual(DELIVERY_FILES.map((f) => `demo-2026.11.0.delivery/${f}`));
    expect(await archiveEntries(`${grading}.tar.gz`)).toEqual(GRADING_FILES.map((f) => `demo-2026.11.0.grading/${f}`));
  });

  it('writes a delivery package that re-loads with no key and no grading material', async () => {
    expect((await runCaptured(run, [pkg.dir, '--out', out])).code).toBe(0);
    const delivery = await loadPackage(path.join(out, 'demo-2026.11.0.delivery'));
    expect(delivery.ok).toBe(true);
    expect(delivery.ok && delivery.pkg.key).toBeNull();
    expect(delivery.ok && delivery.pkg.hasGradingMaterial).toBe(false);
    const grading = await loadPackage(path.join(out, 'demo-2026.11.0.grading'));
    expect(grading.ok && Object.keys(grading.pkg.key?.items ?? {})).toHaveLength(7);
  });

  it('makes a proctored delivery package that starts, and a grading package that does not', async () => {
    setAt(pkg.exam, ['mode'], 'proctored');
    await pkg.save();
    expect((await runCaptured(run, [pkg.dir, '--out', out])).code).toBe(0);
    expect(checkDeliverable(await loadPackageOrThrow(path.join(out, 'demo-2026.11.0.delivery')))).toBeNull();
    expect(checkDeliverable(await loadPackageOrThrow(path.join(out, 'demo-2026.11.0.grading')))?.code).toBe('package-invalid');
  });

  it('replaces an earlier pack of the same version', async () => {
    expect((await runCaptured(run, [pkg.dir, '--out', out])).code).toBe(0);
    // The next version of the package drops the sql item and its dataset.
    deleteAt(pkg.exam, ['sections', 1, 'items', 0]);
    deleteAt(pkg.key, ['items', 'top-customers']);
    await pkg.save();
    await rm(path.join(pkg.dir, 'data'), { recursive: true });
    expect((await runCaptured(run, [pkg.dir, '--out', out])).code).toBe(0);
    expect(await filesUnder(path.join(out, 'demo-2026.11.0.delivery'))).not.toContain('data/shop.sql');
    expect(await readdir(out)).toEqual(['demo-2026.11.0.delivery', 'demo-2026.11.0.delivery.tar.gz', 'demo-2026.11.0.grading', 'demo-2026.11.0.grading.tar.gz']);
  });

  it('refuses to pack a package into a folder whose output would replace it', async () => {
    expect((await runCaptured(run, [pkg.dir, '--out', out])).code).toBe(0);
    const delivery = path.join(out, 'demo-2026.11.0.delivery');
    const r = await runCaptured(run, [delivery, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`vigil pack: the package ${delivery} is inside the output ${delivery}; choose another output folder\n`);
    expect((await loadPackage(delivery)).ok).toBe(true);
  });

  it('keeps links inside the package as relative links', async () => {
    await symlink('sum.js', path.join(pkg.dir, 'tasks/sum/starter/alias.js'));
    expect((await runCaptured(run, [pkg.dir, '--out', out])).code).toBe(0);
    const entries = await readdir(path.join(out, 'demo-2026.11.0.delivery/tasks/sum/starter'), { withFileTypes: true });
    const alias = entries.find((e) => e.name === 'alias.js');
    expect(alias?.isSymbolicLink()).toBe(true);
  });

  it('refuses a package with problems and writes nothing', async () => {
    setAt(pkg.key, ['examVersion'], '1.0');
    await pkg.save();
    const r = await runCaptured(run, [pkg.dir, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'key.json: examVersion: "1.0" does not match exam.json version "2026.11.0"\n' +
        `vigil pack: not packing ${pkg.dir}: 1 problem (see \`vigil lint\`)\n`,
    );
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses a link out of the package without following it', async () => {
    await symlink('/etc', path.join(pkg.dir, 'tasks/sum/starter/etc'));
    const r = await runCaptured(run, [pkg.dir, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('tasks/sum/starter/etc: $: symbolic link resolves outside the package\n');
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses an output folder inside the package, creating nothing there', async () => {
    const inside = path.join(pkg.dir, 'dist');
    const r = await runCaptured(run, [pkg.dir, '--out', inside]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`vigil pack: the output folder ${inside} is inside the package; choose a folder outside ${pkg.dir}\n`);
    expect(await readdir(pkg.dir)).not.toContain('dist');
  });

  it('exits 2 without --out or without a package', async () => {
    expect(await runCaptured(run, [pkg.dir])).toEqual({ code: 2, stdout: '', stderr: 'vigil pack: missing --out <dir>\nusage: vigil pack <package-dir> --out <dir>\n' });
    expect((await runCaptured(run, ['--out', out])).code).toBe(2);
  });
});
