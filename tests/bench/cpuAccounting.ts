/**
 * Machine-wide CPU accounting for the benchmarks, from the aggregate `cpu` line of /proc/stat:
 * what every process on the machine (the bench, the host, the shell, Chromium, anything else)
 * kept the cores busy with between two points. Per-process figures would miss the work a run
 * causes in other processes (the pty's writer, Chromium's GPU and IO threads), so the whole
 * machine is counted. That counts anything else running too: the figures only mean something on
 * an otherwise idle machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

export interface CpuUsage {
  /** Core-seconds the machine was busy: busyCores × wall seconds. */
  coreSeconds: number;
  /** Average number of busy cores over the interval (0 … availableParallelism()). */
  busyCores: number;
}

interface CpuTimes {
  total: number;
  /** idle + iowait: waiting on a disk is not work done by a core. */
  idle: number;
}

function readCpuTimes(): CpuTimes {
  const first = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const fields = first.trim().split(/\s+/);
  if (fields[0] !== 'cpu') throw new Error(`unexpected first line in /proc/stat: ${first}`);
  // user nice system idle iowait irq softirq steal: guest and guest_nice (fields 9 and 10) are
  // already counted in user and nice, so adding them would count that time twice.
  const ticks = fields.slice(1, 9).map(Number);
  if (ticks.length < 8 || ticks.some((n) => !Number.isFinite(n))) throw new Error(`unexpected first line in /proc/stat: ${first}`);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = ticks;
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait };
}

/**
 * Starts counting; the returned function gives the busy core-seconds since. The busy fraction of
 * all cores times availableParallelism() times the wall time, so the figure is in the same cores
 * the ratio reasoning uses (availableParallelism() and /proc/stat agree unless the bench runs
 * with a restricted CPU affinity). Null where there is no /proc/stat (not Linux): callers then
 * leave the CPU fields out rather than report a made-up zero.
 */
export function startCpuAccounting(): (() => CpuUsage) | null {
  if (process.platform !== 'linux' || !existsSync('/proc/stat')) return null;
  const cores = availableParallelism();
  const before = readCpuTimes();
  const t0 = performance.now();
  return () => {
    const after = readCpuTimes();
    const seconds = (performance.now() - t0) / 1000;
    const total = after.total - before.total;
    // Under one clock tick (10 ms) nothing was counted yet: report no work rather than 0 / 0.
    const busyFraction = total > 0 ? (total - (after.idle - before.idle)) / total : 0;
    const busyCores = busyFraction * cores;
    return { coreSeconds: busyCores * seconds, busyCores };
  };
}
