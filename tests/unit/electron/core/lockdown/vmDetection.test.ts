import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectVirtualMachine, vmViolation } from '../../../../../electron/core/lockdown/vmDetection.js';
import { gatherVmEvidence } from '../../../../../electron/core/lockdown/vmEvidence.js';
import { recordedProbe } from './recordedProbe.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'vm');
interface Expected {
  platform: NodeJS.Platform;
  virtual: boolean;
  kind: 'vm' | 'container' | null;
  signals?: string[];
}
const machines = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => ({ name: e.name, expected: JSON.parse(readFileSync(join(FIXTURES, e.name, 'expected.json'), 'utf8')) as Expected }));

describe('detectVirtualMachine on recorded machines', () => {
  it('has physical and virtual samples for every OS', () => {
    for (const platform of ['linux', 'darwin', 'win32']) {
      const mine = machines.filter((m) => m.expected.platform === platform);
      expect(mine.some((m) => m.expected.virtual), platform).toBe(true);
      expect(mine.some((m) => !m.expected.virtual), platform).toBe(true);
    }
  });

  it.each(machines)('$name', async ({ name, expected }) => {
    const { probe } = recordedProbe(join(FIXTURES, name), expected.platform);
    const detection = detectVirtualMachine(await gatherVmEvidence(probe));
    expect({ virtual: detection.virtual, kind: detection.kind }).toEqual({ virtual: expected.virtual, kind: expected.kind });
    if (!expected.virtual) expect(detection.signals).toEqual([]);
    for (const phrase of expected.signals ?? []) expect(detection.signals.join(' | ')).toContain(phrase);
  });
});

describe('detectVirtualMachine rules', () => {
  it('needs "Virtual Machine" with Microsoft as the maker: Surface laptops are real', () => {
    expect(detectVirtualMachine({ platform: 'win32', windowsComputerSystem: 'Manufacturer  Model\nMicrosoft Corporation  Surface Laptop Studio' }).virtual).toBe(false);
    expect(detectVirtualMachine({ platform: 'win32', windowsComputerSystem: 'Manufacturer  Model\nMicrosoft Corporation  Virtual Machine' }).virtual).toBe(true);
  });

  it('reads UTF-16 wmic output', () => {
    // UTF-16LE bytes read as one byte per character: a NUL after every ASCII letter.
    const utf16 = [...'Manufacturer  Model\r\nVMware, Inc.  VMware7,1\r\n'].join('\0');
    expect(detectVirtualMachine({ platform: 'win32', windowsComputerSystem: utf16 }).signals.join()).toContain('VMware');
  });

  it('only trusts the cpuinfo hypervisor flag on a flags line, and ignores "none"', () => {
    expect(detectVirtualMachine({ platform: 'linux', cpuinfo: 'model name\t: hypervisor-ready CPU\nflags\t\t: fpu vme sse2' }).virtual).toBe(false);
    expect(detectVirtualMachine({ platform: 'linux', systemdDetectVirt: { vm: 'none', container: 'none' } }).virtual).toBe(false);
  });

  it('counts a container as virtual, but as a container, unless a hypervisor shows too', () => {
    expect(detectVirtualMachine({ platform: 'linux', dockerenv: true }).kind).toBe('container');
    expect(detectVirtualMachine({ platform: 'linux', dockerenv: true, systemdDetectVirt: { vm: 'kvm', container: 'docker' } }).kind).toBe('vm');
  });
});

describe('vmViolation', () => {
  const vm = detectVirtualMachine({ platform: 'linux', systemdDetectVirt: { vm: 'kvm', container: null } });
  it('follows the policy: allow records nothing, report warns, block is critical', () => {
    expect(vmViolation(vm, 'allow')).toBeNull();
    expect(vmViolation(vm, 'report')).toMatchObject({ kind: 'vm-detected', severity: 'warning' });
    expect(vmViolation(vm, 'block')).toMatchObject({ kind: 'vm-detected', severity: 'critical', detail: expect.stringContaining('kvm') });
    expect(vmViolation(detectVirtualMachine({ platform: 'linux' }), 'block')).toBeNull();
  });
});
