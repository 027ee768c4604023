import { severityFor, violation, type LockdownViolation } from './violation.js';

/**
 * Is this computer a virtual machine (or a container)? An exam in a VM lets the candidate keep the
 * host's desktop, browser and chat one key away from the locked-down guest. Detection is a pure
 * function of recorded system outputs (`VmEvidence`, gathered by vmEvidence.ts), so it is tested on
 * samples from real physical and virtual machines.
 *
 * Deliberately not evidence: Windows' `HypervisorPresent` and the CPU hypervisor bit on Windows, which
 * are true on physical laptops with Hyper-V, WSL 2 or virtualisation-based security enabled; and MAC
 * address prefixes, which USB network adapters and docks share with VM vendors. False positives on
 * real laptops are the most common complaint about lockdown browsers (DESIGN 6).
 */
export interface VmEvidence {
  platform: NodeJS.Platform;
  /** Linux: `systemd-detect-virt --vm` and `--container` output ("none" on bare metal). */
  systemdDetectVirt?: { vm: string | null; container: string | null };
  /** Linux: /sys/class/dmi/id/{sys_vendor,product_name,board_vendor,bios_vendor}. */
  dmi?: { sysVendor?: string | null; productName?: string | null; boardVendor?: string | null; biosVendor?: string | null };
  /** Linux: /proc/cpuinfo (its `flags` lines are read). */
  cpuinfo?: string | null;
  /** Linux container markers: /.dockerenv, /run/.containerenv, /proc/1/cgroup. */
  dockerenv?: boolean;
  containerenv?: boolean;
  cgroup?: string | null;
  /** macOS: `sysctl -n kern.hv_vmm_present` and `sysctl -n machdep.cpu.features` (Intel only). */
  macHvVmmPresent?: string | null;
  macCpuFeatures?: string | null;
  /** macOS: `system_profiler SPHardwareDataType`. */
  macHardware?: string | null;
  /** Windows: `wmic computersystem get manufacturer,model` or the PowerShell CIM equivalent. */
  windowsComputerSystem?: string | null;
}

export interface VmDetection {
  virtual: boolean;
  /** 'vm' when any sign of a hypervisor is found, else 'container' for container-only signs. */
  kind: 'vm' | 'container' | null;
  /** What was seen, one phrase per signal, for the violation detail and the pre-flight screen. */
  signals: string[];
}

/** Vendor and model strings that only virtual hardware reports. */
const VIRTUAL_HARDWARE: ReadonlyArray<[RegExp, string]> = [
  [/vmware/i, 'VMware'],
  [/virtualbox|innotek/i, 'VirtualBox'],
  [/\bqemu\b|standard pc \((i440fx|q35)/i, 'QEMU'],
  [/\bkvm\b/i, 'KVM'],
  [/\bxen\b|hvm domu/i, 'Xen'],
  [/parallels/i, 'Parallels'],
  [/\bbochs\b/i, 'Bochs'],
  [/\bbhyve\b/i, 'bhyve'],
  [/amazon ec2/i, 'Amazon EC2'],
  [/google compute engine/i, 'Google Compute Engine'],
  [/openstack/i, 'OpenStack'],
  [/digitalocean/i, 'DigitalOcean'],
  [/virtualmac|apple virtual machine/i, 'Apple Virtualization'],
  [/cloud hypervisor|firecracker/i, 'a cloud hypervisor'],
];

/** Hyper-V guests report Microsoft as the maker; Surface laptops do too, so the model must say so. */
const HYPER_V = /microsoft corporation[\s\S]*virtual machine|virtual machine[\s\S]*microsoft corporation/i;

/** systemd-detect-virt names that are containers rather than hypervisors. WSL runs in a VM. */
const CONTAINER_TYPES = new Set(['docker', 'podman', 'lxc', 'lxc-libvirt', 'systemd-nspawn', 'openvz', 'rkt', 'proot', 'pouch']);

const CONTAINER_CGROUP = /\b(docker|kubepods|containerd|libpod|lxc)\b/;

function vendorSignal(text: string | null | undefined, where: string): string | null {
  if (!text) return null;
  if (HYPER_V.test(text)) return `${where} reports Hyper-V virtual hardware`;
  for (const [pattern, name] of VIRTUAL_HARDWARE) if (pattern.test(text)) return `${where} reports ${name} virtual hardware`;
  return null;
}

function cleanDetectVirt(value: string | null | undefined): string | null {
  const v = value?.trim().split(/\s+/)[0]?.toLowerCase();
  return v && v !== 'none' ? v : null;
}

export function detectVirtualMachine(evidence: VmEvidence): VmDetection {
  const vm: string[] = [];
  const container: string[] = [];
  const add = (list: string[], signal: string | null) => {
    if (signal && !list.includes(signal)) list.push(signal);
  };

  const detectVm = cleanDetectVirt(evidence.systemdDetectVirt?.vm);
  const detectContainer = cleanDetectVirt(evidence.systemdDetectVirt?.container);
  if (detectVm) add(CONTAINER_TYPES.has(detectVm) ? container : vm, `systemd-detect-virt reports ${detectVm}`);
  if (detectContainer) add(detectContainer === 'wsl' ? vm : container, `systemd-detect-virt reports ${detectContainer}`);

  const dmi = evidence.dmi;
  if (dmi) {
    const text = [dmi.sysVendor, dmi.productName, dmi.boardVendor, dmi.biosVendor].filter(Boolean).join('\n');
    add(vm, vendorSignal(text, 'the firmware (DMI)'));
  }
  if (evidence.cpuinfo && /^flags\s*:.*\bhypervisor\b/m.test(evidence.cpuinfo)) add(vm, 'the CPU reports a hypervisor (cpuinfo flag)');
  if (evidence.dockerenv) add(container, 'a Docker container marker (/.dockerenv)');
  if (evidence.containerenv) add(container, 'a Podman container marker (/run/.containerenv)');
  if (evidence.cgroup && CONTAINER_CGROUP.test(evidence.cgroup)) add(container, 'the init process runs in a container cgroup');

  if (evidence.macHvVmmPresent?.trim() === '1') add(vm, 'macOS reports a hypervisor (kern.hv_vmm_present)');
  if (evidence.macCpuFeatures && /\bVMM\b/.test(evidence.macCpuFeatures)) add(vm, 'the CPU reports a hypervisor (VMM feature)');
  if (evidence.macHardware) {
    const model = evidence.macHardware
      .split(/\r?\n/)
      .filter((l) => /^\s*(model name|model identifier|manufacturer)\s*:/i.test(l))
      .join('\n');
    add(vm, vendorSignal(model, 'the Mac hardware profile'));
  }
  // wmic writes UTF-16 when its output is redirected on some systems: drop the NULs.
  if (evidence.windowsComputerSystem) add(vm, vendorSignal(evidence.windowsComputerSystem.replace(/\0/g, ''), 'Windows (Win32_ComputerSystem)'));

  const signals = [...vm, ...container];
  return { virtual: signals.length > 0, kind: vm.length > 0 ? 'vm' : container.length > 0 ? 'container' : null, signals };
}

/** The `vm-detected` violation under the policy's action, or null when allowed or not virtual. */
export function vmViolation(detection: VmDetection, action: 'allow' | 'report' | 'block'): LockdownViolation | null {
  if (!detection.virtual || action === 'allow') return null;
  const what = detection.kind === 'container' ? 'a container' : 'a virtual machine';
  return violation('vm-detected', severityFor(action), `The exam runs in ${what}: ${detection.signals.join('; ')}.`, { vmKind: detection.kind, signals: detection.signals, action });
}
