import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultAppDataDir, formatPreflight, preflightExitCode, run } from '../../../electron/cli/commands/preflight.js';
import { demoExamDir } from '../../support/paths.js';
import { runCaptured } from '../../fixtures/packages/runCommand.js';

/** Runs `vigil preflight` in this process and captures what it prints. */
function preflight(argv: string[]) {
  return runCaptured(run, argv);
}

describe('vigil preflight', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-preflight-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--json prints [{id, title, status, detail}] for this machine under the exam’s policy', async () => {
    const { code, stdout } = await preflight(['--exam', demoExamDir, '--data', join(dir, 'data'), '--json']);
    expect(code).toBe(0);
    const checks = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(checks.map((c) => c.id)).toEqual(expect.arrayContaining(['storage', 'virtual-machine', 'remote-session', 'prohibited-processes']));
    for (const check of checks) {
      expect(Object.keys(check).sort()).toEqual(['detail', 'id', 'status', 'title']);
      expect(['pass', 'warn', 'fail']).toContain(check.status);
    }
  });

  it('fails the VM check of an exam that blocks VMs on this virtual machine, but exits 0: a proctor can override', async () => {
    const exam = join(dir, 'exam');
    await cp(demoExamDir, exam, { recursive: true });
    const examJson = JSON.parse(await readFile(join(exam, 'exam.json'), 'utf8')) as { policy: Record<string, unknown> };
    examJson.policy = { ...examJson.policy, virtualMachine: 'block' };
    await writeFile(join(exam, 'exam.json'), JSON.stringify(examJson, null, 2));
    const { code, stdout } = await preflight(['--exam', exam, '--data', join(dir, 'data')]);
    expect(stdout).toMatch(/FAIL {2}Running directly on this computer, not in a virtual machine {2}\(a proctor can override\)/);
    expect(code).toBe(0);
  });

  it('exits 1 when a check no override can waive fails (nowhere to save answers)', async () => {
    const file = join(dir, 'not-a-folder');
    await writeFile(file, '');
    const { code, stdout } = await preflight(['--data', file]);
    expect(stdout).toMatch(/FAIL {2}Answers can be saved on this computer {2}\(cannot be overridden\)/);
    expect(stdout).toContain('default policy');
    expect(code).toBe(1);
  });

  it('exits 1 on an invalid package and 2 on a usage error', async () => {
    expect((await preflight(['--exam', join(dir, 'missing')])).code).toBe(1);
    const usage = await preflight(['--bogus']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: vigil preflight');
  });
});

describe('preflight output helpers', () => {
  const checks = [
    { id: 'a', title: 'A', status: 'pass' as const, detail: 'ok', overridable: false },
    { id: 'b', title: 'B', status: 'fail' as const, detail: 'no', overridable: true },
  ];
  it('summarizes and sets the exit code by overridability', () => {
    expect(formatPreflight(checks, 'H')).toContain('1 passed, 0 with warnings, 1 failed.');
    expect(preflightExitCode(checks)).toBe(0);
    expect(preflightExitCode([{ ...checks[1]!, overridable: false }])).toBe(1);
  });
  it('knows where each OS keeps app data', () => {
    expect(defaultAppDataDir('linux', {}, '/home/ada')).toBe('/home/ada/.config');
    expect(defaultAppDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/ada')).toBe('/x');
    expect(defaultAppDataDir('darwin', {}, '/Users/ada')).toBe('/Users/ada/Library/Application Support');
    expect(defaultAppDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toBe('C:\\Users\\ada\\AppData\\Roaming');
  });
});
