import { describe, expect, it } from 'vitest';
import type { IntervalScheduler } from '../../../../../electron/core/attempt/timer.js';
import { startMachineMonitor } from '../../../../../electron/core/lockdown/machineMonitor.js';
import type { SystemProbe } from '../../../../../electron/core/lockdown/systemProbe.js';
import type { LockdownViolation } from '../../../../../electron/core/lockdown/violation.js';

const scheduler: IntervalScheduler = { setInterval: () => 1, clearInterval: () => undefined };

function probe(env: Record<string, string>, vm: string): SystemProbe {
  return {
    platform: 'linux',
    env,
    run: async (command, args) => (command === 'systemd-detect-virt' && args[0] === '--vm' ? { code: vm === 'none' ? 1 : 0, stdout: `${vm}\n`, stderr: '' } : null),
    readText: async () => null,
    exists: async () => false,
  };
}

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe('machine monitor', () => {
  it('checks the VM once and reads one process list for programs and remote access', async () => {
    const found: LockdownViolation[] = [];
    let listed = 0;
    const monitor = startMachineMonitor({
      policy: { virtualMachine: 'report', remoteSession: 'block', prohibitedProcesses: ['obs'], processAction: 'report' },
      probe: probe({ SSH_CLIENT: '198.51.100.4 5000 22' }, 'kvm'),
      scheduler,
      list: async () => (listed++, [{ pid: 3, names: ['obs'] }, { pid: 4, names: ['x11vnc'] }]),
      onViolation: (v) => found.push(v),
      onError: (e) => {
        throw e;
      },
    });
    await monitor.scanNow();
    await monitor.scanNow();
    await settle();
    expect(listed).toBe(2);
    expect(found.map((v) => `${v.kind}:${v.severity}`).sort()).toEqual(['prohibited-process:warning', 'remote-session:critical', 'vm-detected:warning']);
    expect(found.find((v) => v.kind === 'remote-session')?.detail).toMatch(/SSH from 198\.51\.100\.4.*x11vnc/);
    monitor.stop();
  });

  it('records nothing the policy allows', async () => {
    const found: LockdownViolation[] = [];
    const monitor = startMachineMonitor({
      policy: { virtualMachine: 'allow', remoteSession: 'allow', prohibitedProcesses: [], processAction: 'report' },
      probe: probe({ SSH_TTY: '/dev/pts/1' }, 'kvm'),
      scheduler,
      list: async () => [{ pid: 4, names: ['anydesk'] }],
      onViolation: (v) => found.push(v),
      onError: (e) => {
        throw e;
      },
    });
    await monitor.scanNow();
    await settle();
    expect(found).toEqual([]);
    monitor.stop();
  });
});
