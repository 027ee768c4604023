import { describe, expect, it } from 'vitest';
import { policySchema } from '../../../../../shared/exam/policy.js';
import { displayCheck, prohibitedProcessCheck, remoteSessionCheck, runLockdownChecks, virtualMachineCheck } from '../../../../../electron/core/preflight/lockdownChecks.js';
import type { SystemProbe } from '../../../../../electron/core/lockdown/systemProbe.js';

const vm = { virtual: true, kind: 'vm' as const, signals: ['systemd-detect-virt reports kvm'] };
const physical = { virtual: false, kind: null, signals: [] };

describe('lockdown pre-flight checks', () => {
  it('judge a virtual machine by the policy: allow passes, report warns, block fails overridably', () => {
    expect(virtualMachineCheck(physical, 'block')).toMatchObject({ id: 'virtual-machine', status: 'pass', overridable: true });
    expect(virtualMachineCheck(vm, 'allow')).toMatchObject({ status: 'pass', detail: expect.stringContaining('allows') });
    expect(virtualMachineCheck(vm, 'report')).toMatchObject({ status: 'warn', detail: expect.stringContaining('kvm') });
    expect(virtualMachineCheck(vm, 'block')).toMatchObject({ status: 'fail', overridable: true, detail: expect.stringMatching(/proctor to override/) });
  });

  it('say what to do about remote access', () => {
    const remote = { remote: true, signals: ['AnyDesk is running'] };
    expect(remoteSessionCheck(remote, 'block')).toMatchObject({ id: 'remote-session', status: 'fail', detail: expect.stringContaining('quit remote-desktop programs') });
    expect(remoteSessionCheck({ remote: false, signals: [] }, 'block').status).toBe('pass');
  });

  it('list the prohibited programs that run; block warns they are closed during the exam', () => {
    const matches = [{ pid: 1, name: 'obs', entry: 'obs' }, { pid: 2, name: 'obs', entry: 'obs' }, { pid: 3, name: 'discord', entry: 'discord' }];
    expect(prohibitedProcessCheck(matches, 'report', 9)).toMatchObject({ status: 'warn', detail: expect.stringContaining('Running: obs, discord') });
    expect(prohibitedProcessCheck(matches, 'block', 9)).toMatchObject({ status: 'fail', overridable: true, detail: expect.stringContaining('closed automatically') });
    expect(prohibitedProcessCheck([], 'block', 0)).toMatchObject({ status: 'pass', detail: 'This exam prohibits no programs.' });
  });

  it('fail on more displays than allowed', () => {
    expect(displayCheck(1, 1).status).toBe('pass');
    expect(displayCheck(3, 1)).toMatchObject({ id: 'displays', status: 'fail', overridable: true, detail: expect.stringContaining('Disconnect the extra displays') });
  });

  it('gather once and honour the policy, with displays only when given', async () => {
    const probe: SystemProbe = {
      platform: 'linux',
      env: { SSH_CONNECTION: '192.0.2.1 1 192.0.2.2 22' },
      run: async (c, a) => (c === 'systemd-detect-virt' && a[0] === '--vm' ? { code: 0, stdout: 'vmware\n', stderr: '' } : null),
      readText: async () => null,
      exists: async () => false,
    };
    const policy = policySchema.parse({ virtualMachine: 'block', remoteSession: 'report', processAction: 'block', prohibitedProcesses: ['obs'] });
    const checks = await runLockdownChecks({ policy, probe, listProcesses: async () => [{ pid: 50, names: ['obs'] }] });
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['virtual-machine', 'fail'],
      ['remote-session', 'warn'],
      ['prohibited-processes', 'fail'],
    ]);
    const withDisplays = await runLockdownChecks({ policy, probe, displays: 2, listProcesses: async () => [] });
    expect(withDisplays.at(-1)).toMatchObject({ id: 'displays', status: 'fail' });
  });

  it('turn a failed look at the machine into a warning that says so', async () => {
    const probe: SystemProbe = { platform: 'linux', env: {}, run: async () => null, readText: async () => null, exists: async () => false };
    const checks = await runLockdownChecks({ policy: policySchema.parse({}), probe, listProcesses: async () => Promise.reject(new Error('/proc is not mounted')) });
    expect(checks.find((c) => c.id === 'prohibited-processes')).toMatchObject({ status: 'warn', detail: expect.stringContaining('/proc is not mounted') });
  });
});
