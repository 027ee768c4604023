import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { policySchema } from '../../../../../shared/exam/policy.js';
import { loadPackageOrThrow } from '../../../../../electron/core/package/loadPackage.js';
import type { SystemProbe } from '../../../../../electron/core/lockdown/systemProbe.js';
import { checkLanguages, installedLanguages, runPreflightChecks } from '../../../../../electron/core/preflight/preflightChecks.js';
import { findExecutable, hostPathDirs, SYSTEM_PATH_DIRS } from '../../../../../electron/core/terminal/sandbox.js';
import { examSchema } from '../../../../../shared/exam/examSchema.js';
import { repoRoot } from '../../../../support/paths.js';

const physical: SystemProbe = { platform: 'linux', env: {}, run: async () => null, readText: async () => null, exists: async () => false };

describe('runPreflightChecks', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-preflight-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('adds the lockdown checks under the exam’s policy, after storage', async () => {
    const pkg = await loadPackageOrThrow(join(repoRoot, 'resources', 'exams', 'demo'));
    const checks = await runPreflightChecks({ exam: pkg.exam, dataDir, probe: physical, listProcesses: async () => [{ pid: 9, names: ['anydesk'] }] });
    const ids = checks.map((c) => c.id);
    expect(ids[0]).toBe('storage');
    expect(ids).toEqual(expect.arrayContaining(['virtual-machine', 'remote-session', 'prohibited-processes']));
    // The demo exam reports remote sessions rather than blocking them.
    expect(checks.find((c) => c.id === 'remote-session')?.status).toBe(pkg.exam.policy.remoteSession === 'report' ? 'warn' : 'fail');
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('runs without an exam under the default policy, and lets the hub’s policy win', async () => {
    const withoutExam = await runPreflightChecks({ dataDir, probe: physical, listProcesses: async () => [{ pid: 9, names: ['anydesk'] }], displays: 2 });
    expect(withoutExam.map((c) => [c.id, c.status])).toEqual([
      ['storage', 'pass'],
      ['virtual-machine', 'pass'],
      ['remote-session', 'fail'],
      ['prohibited-processes', 'warn'],
      ['displays', 'fail'],
    ]);
    const hub = await runPreflightChecks({ dataDir, probe: physical, listProcesses: async () => [{ pid: 9, names: ['anydesk'] }], policy: policySchema.parse({ remoteSession: 'allow', prohibitedProcesses: [] }) });
    expect(hub.find((c) => c.id === 'remote-session')?.status).toBe('pass');
  });

  it('creates the data folder the app has not made yet', async () => {
    const checks = await runPreflightChecks({ dataDir: join(dataDir, 'Vigil', 'nested'), probe: physical, listProcesses: async () => [] });
    expect(checks[0]).toMatchObject({ id: 'storage', status: 'pass' });
  });
});

describe('checkLanguages', () => {
  const polyglot = examSchema.parse({
    format: 'vigil-exam/1',
    id: 'p',
    version: '1',
    title: 'P',
    mode: 'practice',
    timing: { durationMinutes: 10 },
    sections: [{ id: 's', title: 'S', items: [{ id: 'task', type: 'coding', prompt: 'p', points: 1, task: 'tasks/t', languages: ['node', 'python', 'java'] }] }],
  });

  it('passes with every offered toolchain installed (node, python3, java and javac are here)', async () => {
    const real = await checkLanguages(polyglot, async (c) => (await findExecutable(c, [...SYSTEM_PATH_DIRS, ...hostPathDirs()])) !== null);
    expect(real).toMatchObject({ id: 'languages', status: 'pass', detail: 'Found JavaScript (Node.js), Python 3, Java 17.' });
  });

  it('warns that a language without its tools is not offered, and fails when an item has none left', async () => {
    const noJavac = await checkLanguages(polyglot, async (c) => c !== 'javac');
    expect(noJavac).toMatchObject({ status: 'warn', detail: 'Not offered on this computer: Java 17 (missing javac). The other languages are.' });
    const nothing = await checkLanguages(polyglot, async () => false);
    expect(nothing).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^No offered language is installed for task: JavaScript \(Node.js\) \(missing node\); Python 3 \(missing python3\); Java 17 \(missing java, javac\)/) });
  });

  it('names the installed languages the language choice offers: a language missing one tool is not among them', async () => {
    expect(await installedLanguages(polyglot, async (c) => c !== 'javac')).toEqual(['node', 'python']);
    expect(await installedLanguages(polyglot, async () => false)).toEqual([]);
  });

  it('is left out when no item offers languages', async () => {
    const single = examSchema.parse({ ...polyglot, sections: [{ id: 's', title: 'S', items: [{ id: 'task', type: 'coding', prompt: 'p', points: 1, task: 'tasks/t' }] }] });
    expect(await checkLanguages(single, async () => false)).toBeNull();
  });
});
