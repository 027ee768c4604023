import type { SystemProbe } from './systemProbe.js';
import type { VmEvidence } from './vmDetection.js';

const DMI = '/sys/class/dmi/id';

function firstLine(text: string | null | undefined): string | null {
  const line = text?.trim().split(/\r?\n/)[0]?.trim();
  return line ? line : null;
}

/** Collects the VM evidence this OS offers. Missing tools or files leave their field null. */
export async function gatherVmEvidence(probe: SystemProbe): Promise<VmEvidence> {
  switch (probe.platform) {
    case 'linux': {
      const [vm, container, sysVendor, productName, boardVendor, biosVendor, cpuinfo, dockerenv, containerenv, cgroup] = await Promise.all([
        probe.run('systemd-detect-virt', ['--vm']),
        probe.run('systemd-detect-virt', ['--container']),
        probe.readText(`${DMI}/sys_vendor`),
        probe.readText(`${DMI}/product_name`),
        probe.readText(`${DMI}/board_vendor`),
        probe.readText(`${DMI}/bios_vendor`),
        probe.readText('/proc/cpuinfo'),
        probe.exists('/.dockerenv'),
        probe.exists('/run/.containerenv'),
        probe.readText('/proc/1/cgroup'),
      ]);
      return {
        platform: 'linux',
        // systemd-detect-virt prints "none" and exits 1 on bare metal: the output is the evidence.
        systemdDetectVirt: vm || container ? { vm: firstLine(vm?.stdout), container: firstLine(container?.stdout) } : undefined,
        dmi: { sysVendor: firstLine(sysVendor), productName: firstLine(productName), boardVendor: firstLine(boardVendor), biosVendor: firstLine(biosVendor) },
        // Only the flags matter; keep the evidence small.
        cpuinfo: cpuinfo ? [...new Set(cpuinfo.split('\n').filter((l) => l.startsWith('flags')))].join('\n') : null,
        dockerenv,
        containerenv,
        cgroup,
      };
    }
    case 'darwin': {
      const [hv, features, hardware] = await Promise.all([
        probe.run('/usr/sbin/sysctl', ['-n', 'kern.hv_vmm_present']),
        probe.run('/usr/sbin/sysctl', ['-n', 'machdep.cpu.features']),
        probe.run('/usr/sbin/system_profiler', ['SPHardwareDataType']),
      ]);
      return {
        platform: 'darwin',
        macHvVmmPresent: hv?.code === 0 ? firstLine(hv.stdout) : null,
        macCpuFeatures: features?.code === 0 ? firstLine(features.stdout) : null,
        macHardware: hardware?.code === 0 ? hardware.stdout : null,
      };
    }
    case 'win32': {
      // wmic is gone from recent Windows 11 installs; PowerShell's CIM query says the same thing.
      const wmic = await probe.run('wmic', ['computersystem', 'get', 'manufacturer,model']);
      const out =
        wmic?.code === 0 && wmic.stdout.trim()
          ? wmic
          : await probe.run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', 'Get-CimInstance -ClassName Win32_ComputerSystem | Format-List Manufacturer,Model']);
      return { platform: 'win32', windowsComputerSystem: out?.code === 0 ? out.stdout : null };
    }
    default:
      return { platform: probe.platform };
  }
}
