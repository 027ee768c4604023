import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VigilError } from '../../../../../shared/errors.js';
import { assertDeliverable, checkDeliverable } from '../../../../../electron/core/package/deliverable.js';
import { loadPackageOrThrow } from '../../../../../electron/core/package/loadPackage.js';
import { copyDemo, setAt, type TempPackage } from '../../../../fixtures/packages/demoPackage.js';

let pkg: TempPackage;
beforeEach(async () => {
  pkg = await copyDemo();
});
afterEach(async () => {
  await pkg.cleanup();
});

describe('a proctored exam refuses to start from a package that contains grading material', () => {
  it('refuses a proctored full package, naming each piece of grading material', async () => {
    setAt(pkg.exam, ['mode'], 'proctored');
    await pkg.save();
    const loaded = await loadPackageOrThrow(pkg.dir);
    const refusal = checkDeliverable(loaded);
    expect(refusal).toBeInstanceOf(VigilError);
    expect(refusal?.code).toBe('package-invalid');
    expect(refusal?.message).toBe('proctored exam demo 2026.11.0 cannot start from a package with grading material: key.json, tasks/sum/hidden, tasks/sum/solution');
    expect((refusal?.details as Array<{ file: string }>).map((p) => p.file)).toEqual(['key.json', 'tasks/sum/hidden', 'tasks/sum/solution']);
    expect(() => assertDeliverable(loaded)).toThrow(VigilError);
  });

  it('refuses a proctored package with only a solution folder left', async () => {
    setAt(pkg.exam, ['mode'], 'proctored');
    await pkg.save();
    await rm(path.join(pkg.dir, 'key.json'));
    await rm(path.join(pkg.dir, 'tasks/sum/hidden'), { recursive: true });
    const refusal = checkDeliverable(await loadPackageOrThrow(pkg.dir));
    expect(refusal?.message).toMatch(/grading material: tasks\/sum\/solution$/);
  });

  it('accepts a proctored delivery package', async () => {
    setAt(pkg.exam, ['mode'], 'proctored');
    await pkg.save();
    await rm(path.join(pkg.dir, 'key.json'));
    await rm(path.join(pkg.dir, 'tasks/sum/hidden'), { recursive: true });
    await rm(path.join(pkg.dir, 'tasks/sum/solution'), { recursive: true });
    const loaded = await loadPackageOrThrow(pkg.dir);
    expect(checkDeliverable(loaded)).toBeNull();
    expect(() => assertDeliverable(loaded)).not.toThrow();
  });

  it('accepts a practice package with its key (graded locally)', async () => {
    const loaded = await loadPackageOrThrow(pkg.dir);
    expect(loaded.exam.mode).toBe('practice');
    expect(checkDeliverable(loaded)).toBeNull();
  });
});
