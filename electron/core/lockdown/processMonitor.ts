import type { IntervalScheduler } from '../attempt/timer.js';
import { terminateProcess } from './killProcess.js';
import type { ProcessInfo } from './processList.js';
import { matchProhibited, newMatches, prohibitedProcessViolation, type KillOutcome, type ProhibitedMatch } from './prohibitedProcesses.js';
import type { ViolationSink } from './violation.js';

/** How often the process list is read (DESIGN 6): often enough to catch a screen recorder started mid-exam. */
export const PROCESS_SCAN_EVERY_MS = 2000;

export interface ProcessMonitorOptions {
  prohibited: readonly string[];
  action: 'report' | 'block';
  list(): Promise<ProcessInfo[]>;
  onViolation: ViolationSink;
  /** Every scan's full list, for monitors that read the same list (remote-access servers). */
  onProcesses?: (processes: readonly ProcessInfo[]) => void;
  kill?: (pid: number) => Promise<KillOutcome>;
  /** Never touch these (the app itself and its parent). */
  ignorePids?: ReadonlySet<number>;
  scheduler?: IntervalScheduler;
  intervalMs?: number;
  /** A scan that failed (the OS refused the listing); the next tick tries again. */
  onError: (error: unknown) => void;
}

const globalScheduler: IntervalScheduler = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/**
 * Reads the process list now and every 2 s; each newly seen prohibited process is reported once,
 * or under `block` stopped first (SIGTERM, then SIGKILL) and reported with the outcome. Scans never
 * reject (failures go to `onError`) and never overlap: a tick that finds the previous scan still running is skipped.
 */
export function startProcessMonitor(opts: ProcessMonitorOptions): { stop(): void; scanNow(): Promise<void> } {
  const scheduler = opts.scheduler ?? globalScheduler;
  const kill = opts.kill ?? ((pid: number) => terminateProcess(pid));
  let reported = new Set<string>();
  let running: Promise<void> | null = null;
  let stopped = false;

  const handle = async (match: ProhibitedMatch): Promise<void> => {
    const outcome = opts.action === 'block' ? await kill(match.pid) : undefined;
    if (!stopped) opts.onViolation(prohibitedProcessViolation(match, opts.action, outcome));
  };

  const scan = async (): Promise<void> => {
    const processes = await opts.list();
    if (stopped) return;
    opts.onProcesses?.(processes);
    const matches = matchProhibited(processes, opts.prohibited, { ignorePids: opts.ignorePids });
    const step = newMatches(reported, matches);
    reported = step.reported;
    await Promise.all(step.fresh.map(handle));
  };

  const scanNow = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= scan()
      .catch((error: unknown) => opts.onError(error))
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = scheduler.setInterval(() => void scanNow(), opts.intervalMs ?? PROCESS_SCAN_EVERY_MS);
  void scanNow();
  return {
    stop() {
      stopped = true;
      scheduler.clearInterval(timer);
    },
    scanNow,
  };
}
