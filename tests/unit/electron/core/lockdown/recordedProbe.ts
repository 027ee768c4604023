import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandResult, SystemProbe } from '../../../../../electron/core/lockdown/systemProbe.js';

/** Which fixture file answers which command (see fixtures/vm/README.md). */
const COMMAND_FILES: Readonly<Record<string, string>> = {
  'systemd-detect-virt --vm': 'systemd-detect-virt--vm',
  'systemd-detect-virt --container': 'systemd-detect-virt--container',
  '/usr/sbin/sysctl -n kern.hv_vmm_present': 'sysctl.kern.hv_vmm_present',
  '/usr/sbin/sysctl -n machdep.cpu.features': 'sysctl.machdep.cpu.features',
  '/usr/sbin/system_profiler SPHardwareDataType': 'system_profiler',
  'wmic computersystem get manufacturer,model': 'wmic',
};

const PATH_FILES: Readonly<Record<string, string>> = {
  '/sys/class/dmi/id/sys_vendor': 'dmi.sys_vendor',
  '/sys/class/dmi/id/product_name': 'dmi.product_name',
  '/sys/class/dmi/id/board_vendor': 'dmi.board_vendor',
  '/sys/class/dmi/id/bios_vendor': 'dmi.bios_vendor',
  '/proc/cpuinfo': 'proc.cpuinfo',
  '/proc/1/cgroup': 'proc.1.cgroup',
  '/.dockerenv': 'dockerenv',
  '/run/.containerenv': 'containerenv',
};

/** A SystemProbe answering from a recorded machine's folder; records what it was asked. */
export function recordedProbe(dir: string, platform: NodeJS.Platform, env: Record<string, string> = {}) {
  const asked: string[] = [];
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : null);
  const probe: SystemProbe = {
    platform,
    env,
    async run(command, args): Promise<CommandResult | null> {
      const key = [command, ...args].join(' ');
      asked.push(key);
      const file = command === 'powershell.exe' ? 'powershell' : COMMAND_FILES[key];
      if (!file) return null;
      const stdout = read(`${file}.out`);
      if (stdout === null) return null;
      return { code: Number(read(`${file}.code`) ?? '0'), stdout, stderr: '' };
    },
    async readText(path) {
      asked.push(path);
      const file = PATH_FILES[path];
      return file ? read(file) : null;
    },
    async exists(path) {
      asked.push(path);
      const file = PATH_FILES[path];
      return file ? read(file) !== null : false;
    },
  };
  return { probe, asked };
}
