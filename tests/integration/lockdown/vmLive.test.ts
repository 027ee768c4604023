import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../../shared/exam/policy.js';
import { createSystemProbe } from '../../../electron/core/lockdown/systemProbe.js';
import { detectVirtualMachine } from '../../../electron/core/lockdown/vmDetection.js';
import { gatherVmEvidence } from '../../../electron/core/lockdown/vmEvidence.js';
import { runPreflightChecks } from '../../../electron/core/preflight/preflightChecks.js';

/**
 * The live check on the machine running the tests. CI runners and development containers are
 * virtual machines (this one: KVM with a Docker container inside), so the check must not pass here.
 * On a physical computer, set VIGIL_TEST_PHYSICAL=1 and the same test asserts the opposite.
 */
const physical = process.env.VIGIL_TEST_PHYSICAL === '1';

describe(`virtual-machine detection on this ${physical ? 'physical' : 'virtual'} machine`, () => {
  it(physical ? 'finds no virtual machine' : 'reports a virtual machine', async () => {
    const detection = detectVirtualMachine(await gatherVmEvidence(createSystemProbe()));
    expect(detection.virtual, detection.signals.join('; ')).toBe(!physical);
    if (!physical) expect(detection.signals.length).toBeGreaterThan(0);
  });

  it(physical ? 'passes the pre-flight under block' : 'fails the pre-flight under block, overridably', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigil-vm-'));
    try {
      const checks = await runPreflightChecks({ dataDir, policy: policySchema.parse({ virtualMachine: 'block' }) });
      expect(checks.find((c) => c.id === 'virtual-machine')).toMatchObject(physical ? { status: 'pass' } : { status: 'fail', overridable: true });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
