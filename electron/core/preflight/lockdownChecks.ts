import type { PreflightCheck } from '../../../shared/attemptView.js';
import type { Policy } from '../../../shared/exam/policy.js';
import { listProcesses as listLiveProcesses, type ProcessInfo } from '../lockdown/processList.js';
import { matchProhibited, type ProhibitedMatch } from '../lockdown/prohibitedProcesses.js';
import { detectRemoteSession, type RemoteSessionDetection } from '../lockdown/remoteSession.js';
import type { SystemProbe } from '../lockdown/systemProbe.js';
import { detectVirtualMachine, type VmDetection } from '../lockdown/vmDetection.js';
import { gatherVmEvidence } from '../lockdown/vmEvidence.js';
import type { PolicyAction } from '../lockdown/violation.js';

/**
 * The lockdown part of the pre-flight (DESIGN 6): virtual machine, remote session, prohibited
 * programs and displays, each judged against the policy. `allow` passes, `report` warns (the
 * candidate may start; the proctor sees it), `block` fails, and every such failure is overridable
 * by a proctor, because false positives on real laptops happen and a person should decide.
 */
export interface LockdownCheckInput {
  policy: Policy;
  probe: SystemProbe;
  /** Number of connected displays, when the caller can know it (Electron's screen module). */
  displays?: number;
  /** The process list; read through the probe when not given. */
  listProcesses?: () => Promise<ProcessInfo[]>;
  /** Processes that are never reported (this app). */
  ignorePids?: ReadonlySet<number>;
}

const AFTER_FIX = 'then run the checks again';

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

function judged(id: string, title: string, action: PolicyAction, found: boolean, text: { clean: string; found: string; fix: string }): PreflightCheck {
  const base = { id, title, overridable: true };
  if (!found) return { ...base, status: 'pass', detail: text.clean };
  if (action === 'allow') return { ...base, status: 'pass', detail: `${text.found}. This exam allows it.` };
  if (action === 'report') return { ...base, status: 'warn', detail: `${text.found}. You may start, but the proctor will see this. To avoid it: ${lowerFirst(text.fix)}` };
  return { ...base, status: 'fail', detail: `${text.found}. This exam does not allow it: ${lowerFirst(text.fix)} If this is wrong, ask the proctor to override.` };
}

export function virtualMachineCheck(detection: VmDetection, action: PolicyAction): PreflightCheck {
  const what = detection.kind === 'container' ? 'a container' : 'a virtual machine';
  return judged('virtual-machine', 'Running directly on this computer, not in a virtual machine', action, detection.virtual, {
    clean: 'No sign of a virtual machine or container.',
    found: `This looks like ${what}: ${detection.signals.join('; ')}`,
    fix: `Start the exam on the computer itself, outside any virtual machine, ${AFTER_FIX}.`,
  });
}

export function remoteSessionCheck(detection: RemoteSessionDetection, action: PolicyAction): PreflightCheck {
  return judged('remote-session', 'No remote access to this computer', action, detection.remote, {
    clean: 'No remote session and no remote-desktop program found.',
    found: `Remote access is possible: ${detection.signals.join('; ')}`,
    fix: `Sit at the computer itself and quit remote-desktop programs, ${AFTER_FIX}.`,
  });
}

export function prohibitedProcessCheck(matches: readonly ProhibitedMatch[], action: Policy['processAction'], listed: number): PreflightCheck {
  const names = [...new Set(matches.map((m) => m.name))];
  const check = judged('prohibited-processes', 'No prohibited programs are running', action, matches.length > 0, {
    clean: listed === 0 ? 'This exam prohibits no programs.' : `None of the ${listed} prohibited programs is running.`,
    found: `Running: ${names.join(', ')}`,
    fix: `Quit ${names.length === 1 ? 'it' : 'them'} (check the system tray too), ${AFTER_FIX}.`,
  });
  // Under `block` the exam also stops them if they start during the exam; say so up front.
  return action === 'block' && matches.length > 0 ? { ...check, detail: `${check.detail} During the exam they are closed automatically.` } : check;
}

export function displayCheck(count: number, maxDisplays: number): PreflightCheck {
  const base = { id: 'displays', title: `No more than ${maxDisplays} display${maxDisplays === 1 ? '' : 's'} connected`, overridable: true };
  if (count <= maxDisplays) return { ...base, status: 'pass', detail: `${count} display${count === 1 ? '' : 's'} connected.` };
  return {
    ...base,
    status: 'fail',
    detail: `${count} displays are connected; this exam allows ${maxDisplays}. Disconnect the extra display${count - maxDisplays === 1 ? '' : 's'} (or turn off mirroring to a projector or TV), ${AFTER_FIX}. If this is wrong, ask the proctor to override.`,
  };
}

function unknownCheck(id: string, title: string, error: unknown): PreflightCheck {
  return { id, title, status: 'warn', overridable: true, detail: `Could not check this (${error instanceof Error ? error.message : String(error)}). Tell the proctor.` };
}

export async function runLockdownChecks(input: LockdownCheckInput): Promise<PreflightCheck[]> {
  const { policy, probe } = input;
  const list = input.listProcesses ?? (() => listLiveProcesses(probe));
  const [vm, processes] = await Promise.all([
    gatherVmEvidence(probe).then(detectVirtualMachine, (error: unknown) => ({ error })),
    list().then((p) => p, (error: unknown) => ({ error })),
  ]);
  const checks: PreflightCheck[] = [];
  checks.push('error' in vm ? unknownCheck('virtual-machine', 'Running directly on this computer, not in a virtual machine', vm.error) : virtualMachineCheck(vm, policy.virtualMachine));
  if ('error' in processes) {
    checks.push(unknownCheck('remote-session', 'No remote access to this computer', processes.error));
    checks.push(unknownCheck('prohibited-processes', 'No prohibited programs are running', processes.error));
  } else {
    checks.push(remoteSessionCheck(detectRemoteSession({ platform: probe.platform, env: probe.env, processes }), policy.remoteSession));
    const matches = matchProhibited(processes, policy.prohibitedProcesses, { ignorePids: input.ignorePids });
    checks.push(prohibitedProcessCheck(matches, policy.processAction, policy.prohibitedProcesses.length));
  }
  if (input.displays !== undefined) checks.push(displayCheck(input.displays, policy.maxDisplays));
  return checks;
}
