import type { Clock } from '../attempt/clock.js';
import type { IntervalScheduler } from '../attempt/timer.js';
import { formatDuration, violation, type LockdownViolation, type ViolationSink } from './violation.js';

/** A check every 500 ms; a gap of more than 3 s between two checks is journaled (DESIGN 6). */
export const STALL_CHECK_EVERY_MS = 500;
export const STALL_THRESHOLD_MS = 3000;

/**
 * The `process-stopped` violation for the gap between two event-loop checks, or null when the gap
 * is normal. Measured on the monotonic clock: a stopped process (SIGSTOP, a debugger, a frozen VM)
 * lets it run on, while a suspended machine does not advance it on Linux and macOS, so sleep is
 * left to the suspend/resume monitor rather than counted twice.
 */
export function stallViolation(previousMono: number, nowMono: number, thresholdMs = STALL_THRESHOLD_MS): LockdownViolation | null {
  const gapMs = Math.round(nowMono - previousMono);
  if (gapMs <= thresholdMs) return null;
  return violation('process-stopped', 'warning', `The exam app did not run for ${formatDuration(gapMs)}: it was paused, debugged or starved of CPU.`, { gapMs });
}

/** Checks the event loop every 500 ms on the given clock; stop() ends it. */
export function startStallMonitor(opts: { clock: Clock; scheduler: IntervalScheduler; onViolation: ViolationSink; intervalMs?: number; thresholdMs?: number }): { stop(): void } {
  let last = opts.clock.monoNow();
  const handle = opts.scheduler.setInterval(() => {
    const now = opts.clock.monoNow();
    const found = stallViolation(last, now, opts.thresholdMs);
    last = now;
    if (found) opts.onViolation(found);
  }, opts.intervalMs ?? STALL_CHECK_EVERY_MS);
  return { stop: () => opts.scheduler.clearInterval(handle) };
}
