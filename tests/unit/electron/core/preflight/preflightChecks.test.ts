import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { policySchema } from '../../../../../shared/exam/policy.js';
import { loadPackageOrThrow } from '../../../../../electron/core/package/loadPackage.js';
import type { SystemProbe } from '../../../../../electron/core/lockdown/systemProbe.js';
import { runPreflightChecks } from '../../../../../electron/core/preflight/preflightChecks.js';
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
