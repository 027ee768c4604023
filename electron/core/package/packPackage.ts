import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, realpath, rename, rm, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { create as createTar } from 'tar';
import { VigilError } from '../../../shared/errors.js';
import { loadPackage } from './loadPackage.js';
import { isGradingPath, isInside, scanPackageTree, type TreeEntry } from './packageTree.js';
import { formatProblem, type ExamPackage } from './types.js';

/**
 * `vigil pack` (DESIGN 4): from a valid package, writes the delivery package (no key.json, no
 * tasks/<t>/hidden, no tasks/<t>/solution) and the grading package (everything), as folders and
 * as .tar.gz archives. Links are copied as links (made relative), never followed: the loader has
 * already refused any that leave the package or reach grading material from outside it.
 */

export interface PackedVariant {
  folder: string;
  archive: string;
  files: number;
  archiveBytes: number;
}

export interface PackResult {
  delivery: PackedVariant;
  grading: PackedVariant;
}

/** `<id>-<version>`, made safe as one file name (a version is free text). */
export function packName(pkg: ExamPackage): string {
  return `${pkg.exam.id}-${pkg.exam.version}`.replace(/[^A-Za-z0-9._+-]/g, '_');
}

export async function packPackage(pkg: ExamPackage, outDir: string): Promise<PackResult> {
  const root = await realpath(pkg.dir);
  // Checked before creating anything: a refused pack must leave no folder behind in the package.
  const out = await realpathOfFuture(outDir);
  if (isInside(root, out)) {
    throw new VigilError('invalid-params', `the output folder ${out} is inside the package; choose a folder outside ${root}`);
  }
  const name = packName(pkg);
  const targets = { delivery: path.join(out, `${name}.delivery`), grading: path.join(out, `${name}.grading`) };
  for (const target of Object.values(targets)) {
    // Replacing the output would delete the package being packed.
    if (isInside(target, root)) throw new VigilError('invalid-params', `the package ${root} is inside the output ${target}; choose another output folder`);
  }

  await mkdir(out, { recursive: true });
  const tree = await scanPackageTree(root);
  if (tree.problems.length > 0) {
    throw new VigilError('package-invalid', `the package changed while packing:\n${tree.problems.map(formatProblem).join('\n')}`, tree.problems);
  }
  const deliveryEntries = tree.entries.filter((e) => !isGradingPath(e.path));

  const delivery = await writeVariant(root, deliveryEntries, targets.delivery);
  const grading = await writeVariant(root, tree.entries, targets.grading);

  // The delivery package is what candidates get: prove it loads and carries nothing to grade with.
  const check = await loadPackage(targets.delivery);
  if (!check.ok || check.pkg.key !== null || check.pkg.hasGradingMaterial) {
    const why = check.ok ? `grading material left: ${(check.pkg.gradingMaterial ?? []).join(', ')}` : check.problems.map(formatProblem).join('\n');
    throw new VigilError('internal', `the delivery package written to ${targets.delivery} is not deliverable:\n${why}`);
  }
  return { delivery, grading };
}

async function writeVariant(root: string, entries: TreeEntry[], target: string): Promise<PackedVariant> {
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = target + suffix;
  const archive = `${target}.tar.gz`;
  const stagingArchive = archive + suffix;
  try {
    await mkdir(staging);
    let files = 0;
    // Entries are sorted, so a folder is always created before what it contains.
    for (const entry of entries) {
      const from = path.join(root, ...entry.path.split('/'));
      const to = path.join(staging, ...entry.path.split('/'));
      if (entry.kind === 'dir') await mkdir(to);
      else if (entry.kind === 'file') {
        await copyFile(from, to);
        files++;
      } else if (entry.kind === 'symlink') {
        const real = await realpath(from);
        // The type matters on Windows only, where folder and file links differ.
        const type = (await stat(real)).isDirectory() ? 'dir' : 'file';
        await symlink(path.relative(path.dirname(from), real), to, type);
        files++;
      }
    }
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    // The archive holds one top folder named like the output folder, so it unpacks to the same.
    await createTar({ gzip: true, portable: true, file: stagingArchive, cwd: path.dirname(target) }, [path.basename(target)]);
    await rename(stagingArchive, archive);
    const { size } = await stat(archive);
    return { folder: target, archive, files, archiveBytes: size };
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(stagingArchive, { force: true });
  }
}

/** realpath for a path that may not exist yet: its nearest existing ancestor, resolved, plus the rest. */
async function realpathOfFuture(p: string): Promise<string> {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return path.join(await realpath(cur), ...rest.reverse());
    } catch (error) {
      const parent = path.dirname(cur);
      const code = error instanceof Error && 'code' in error ? error.code : null;
      if (code !== 'ENOENT' || parent === cur) throw error;
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}
