/**
 * The mutant gates over every shipped package (DESIGN 13): in every language, the reference
 * solution scores full marks, the starter at most 10% and every mutant at most its maxPoints. A
 * hidden suite that lets a flaw through fails the build here.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCodingGrader } from '../../../electron/core/grading/coding/codingGrader.js';
import { formatGateTable, runMutantGates } from '../../../electron/core/grading/coding/mutantGates.js';
import { loadPackageOrThrow } from '../../../electron/core/package/loadPackage.js';
import { examsDir } from './examFiles.js';

const packages = readdirSync(examsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe('mutant gates of every shipped package', () => {
  it('finds the shipped packages', () => {
    expect(packages).toEqual(expect.arrayContaining(['demo', 'lead-backend']));
  });

  for (const name of packages) {
    // Every coding item is graded several times (solution, starter, mutants) in the sandbox.
    it(`${name}: solution full, starter <= 10%, every mutant <= its ceiling`, { timeout: 900_000 }, async () => {
      const pkg = await loadPackageOrThrow(path.join(examsDir, name));
      const rows = await runMutantGates(pkg, createCodingGrader({ pkgDir: pkg.dir, sandbox: 'auto' }), { variants: 'all' });
      expect(rows.filter((r) => !r.ok), formatGateTable(rows)).toEqual([]);
      expect(rows.filter((r) => r.variant === 'solution').length).toBeGreaterThan(0);
    });
  }
});
