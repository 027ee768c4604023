import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../../../../electron/cli/commands/lint.js';
import { copyDemo, DEMO_DIR, setAt, type TempPackage } from '../../../../fixtures/packages/demoPackage.js';
import { runCaptured } from '../../../../fixtures/packages/runCommand.js';

let pkg: TempPackage | null = null;
afterEach(async () => {
  await pkg?.cleanup();
  pkg = null;
});

describe('vigil lint', () => {
  it('exits 0 with a one-paragraph summary for the demo exam', async () => {
    const r = await runCaptured(run, [DEMO_DIR]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^demo 2026\.11\.0 "Vigil Practice Exam": practice exam, .*2 sections, 7 items .*11 points\. Skills: api \(3.5 points\)/);
  });

  it('exits 1 and prints every problem line to stderr', async () => {
    pkg = await copyDemo();
    setAt(pkg.exam, ['sections', 0, 'items', 2, 'points'], 0);
    setAt(pkg.key, ['items', 'http-status', 'answer'], 'e');
    await pkg.save();
    const r = await runCaptured(run, [pkg.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      'exam.json: sections[0].items[2].points: Too small: expected number to be >0',
      'key.json: items.http-status.answer: option "e" is not an option of item http-status',
      `vigil lint: 2 problems in ${pkg.dir}`,
      '',
    ]);
  });

  it('exits 2 with the usage when the folder argument is missing', async () => {
    const r = await runCaptured(run, []);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('vigil lint: missing <package-dir>\nusage: vigil lint [--run] <package-dir>\n');
  });

  it('exits 2 on an unknown option', async () => {
    const r = await runCaptured(run, ['--strict', DEMO_DIR]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^vigil lint: Unknown option '--strict'/);
  });

  it('exits 1 with one clear line for a missing folder', async () => {
    const missing = path.join(DEMO_DIR, 'no-such-package');
    const r = await runCaptured(run, [missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`vigil lint: package folder "${missing}" does not exist\n`);
  });
});
