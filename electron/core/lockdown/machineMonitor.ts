import type { Policy } from '../../../shared/exam/policy.js';
import type { IntervalScheduler } from '../attempt/timer.js';
import { listProcesses, type ProcessInfo } from './processList.js';
import { startProcessMonitor } from './processMonitor.js';
import type { KillOutcome } from './prohibitedProcesses.js';
import { detectRemoteSession, remoteSessionStep } from './remoteSession.js';
import type { SystemProbe } from './systemProbe.js';
import { detectVirtualMachine, vmViolation } from './vmDetection.js';
import { gatherVmEvidence } from './vmEvidence.js';
import type { ViolationSink } from './violation.js';

export interface MachineMonitorOptions {
  policy: Pick<Policy, 'virtualMachine' | 'remoteSession' | 'prohibitedProcesses' | 'processAction'>;
  probe: SystemProbe;
  onViolation: ViolationSink;
  onError: (error: unknown) => void;
  list?: () => Promise<ProcessInfo[]>;
  kill?: (pid: number) => Promise<KillOutcome>;
  ignorePids?: ReadonlySet<number>;
  scheduler?: IntervalScheduler;
  intervalMs?: number;
}

/**
 * The machine-level monitors during the exam, off one process list every 2 s: prohibited programs
 * (reported, or stopped under `block`) and remote-access servers; plus the virtual-machine check
 * once at start, since a machine does not stop being virtual. Remote access found during the exam
 * cannot be undone by the app: under `block` it is reported as critical.
 */
export function startMachineMonitor(opts: MachineMonitorOptions): { stop(): void; scanNow(): Promise<void> } {
  const { policy, probe } = opts;
  let stopped = false;
  let remoteReported = new Set<string>();

  if (policy.virtualMachine !== 'allow') {
    gatherVmEvidence(probe).then(
      (evidence) => {
        const found = vmViolation(detectVirtualMachine(evidence), policy.virtualMachine);
        if (found && !stopped) opts.onViolation(found);
      },
      (error: unknown) => opts.onError(error),
    );
  }

  const processes = startProcessMonitor({
    prohibited: policy.prohibitedProcesses,
    action: policy.processAction,
    list: opts.list ?? (() => listProcesses(probe)),
    kill: opts.kill,
    ignorePids: opts.ignorePids,
    scheduler: opts.scheduler,
    intervalMs: opts.intervalMs,
    onError: opts.onError,
    onViolation: opts.onViolation,
    onProcesses: (list) => {
      const step = remoteSessionStep(remoteReported, detectRemoteSession({ platform: probe.platform, env: probe.env, processes: list }), policy.remoteSession);
      remoteReported = step.reported;
      if (step.violation) opts.onViolation(step.violation);
    },
  });

  return {
    stop() {
      stopped = true;
      processes.stop();
    },
    scanNow: processes.scanNow,
  };
}
