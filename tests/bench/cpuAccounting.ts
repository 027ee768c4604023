/**
 * Machine-wide CPU accounting for the benchmarks, from the aggregate `cpu` line of /proc/stat:
 * what every process on the machine (the bench, the host, the shell, Chromium, anything else)
 * kept the cores busy with between two points. Per-process figures would miss the work a run
 * causes in other processes (the pty's writer, Chromium's GPU and IO threads), so the whole
 * machine is counted. That counts anything else running too: the figures only mean something on
 * an otherwise idle machine.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on every Linux build in use). */
const USER_HZ = 100;

/** utime + stime + cutime + cstime in ticks, and the parent, of every process, by pid. */
function readProcessTimes(): Map<number, { ppid: number; ticks: number }> {
  const out = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch (error) {
      // The process ended between the listing and the read: nothing to count for it.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH') continue;
      throw error;
    }
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    out.set(Number(name), { ppid, ticks });
  }
  return out;
}

/** The tree's CPU in ticks: this process and every descendant (with their reaped children). */
function treeTicks(root: number): number {
  let ticks = 0;
  for (const { ticks: t } of treeOf(root)) ticks += t;
  return ticks;
}

/** `root` and every descendant, each with its times, from one reading of /proc. */
function treeOf(root: number): Array<{ pid: number; ticks: number }> {
  const all = readProcessTimes();
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of all) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out: Array<{ pid: number; ticks: number }> = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    out.push({ pid, ticks: all.get(pid)?.ticks ?? 0 });
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/**
 * CPU of this benchmark's own process tree: the bench (which runs the host in-process), Chromium,
 * and the sandboxed shells with what they run (a finished `yes` is counted in the shell that
 * reaped it). Unlike startCpuAccounting it does not count the other work on a shared machine, so
 * it is the figure to read when the load average is high; it misses kernel work done outside
 * these processes (interrupts, kernel threads). Null without /proc (not Linux).
 */
export function startTreeCpuAccounting(): (() => CpuUsage) | null {
  if (process.platform !== 'linux' || !existsSync('/proc/self/stat')) return null;
  const before = treeTicks(process.pid);
  const t0 = performance.now();
  return () => {
    const coreSeconds = (treeTicks(process.pid) - before) / USER_HZ;
    const seconds = (performance.now() - t0) / 1000;
    return { coreSeconds, busyCores: seconds > 0 ? coreSeconds / seconds : 0 };
  };
}

/** Where a process of this bench's tree counts in a breakdown (see startCpuBreakdown). */
function groupOf(pid: number): string {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return 'program';
    throw error;
  }
  // Chromium rewrites its children's command lines into one space-separated string.
  const args = cmdline.split(/[\0 ]/);
  if (!/chrom(e|ium)$/.test(args[0] ?? '')) return 'program';
  const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length);
  if (type === undefined) return 'chromium-browser';
  if (type === 'renderer') return 'chromium-renderers';
  if (type === 'gpu-process') return 'chromium-gpu';
  return 'chromium-other';
}

/** utime + stime, and cutime + cstime (reaped children), of a stat file, in ticks. */
function ownAndReaped(statPath: string): { own: number; reaped: number } {
  const stat = readFileSync(statPath, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { own: Number(fields[11]) + Number(fields[12]), reaped: Number(fields[13]) + Number(fields[14]) };
}

/**
 * Like startTreeCpuAccounting, split by who did the work: `host-main` (this process's main thread:
 * the host, the batcher, flow control, the recording, the WebSocket server, and the bench),
 * `host-threads` (its other threads: the pty reader, libuv's pool, V8's GC helpers), `program` (the shells, the sandbox and what they run), and Chromium's
 * `chromium-renderers` (the page), `chromium-gpu` (compositing), `chromium-browser` and
 * `chromium-other` (network service and other utilities). Core-seconds per group; null without
 * /proc (not Linux). Approximate where processes end during the interval: a process that is gone
 * at the end counts only through its parent's reaped time, so its work moves to the parent's
 * group (a finished `head` to the shell's, which is right; an exited Chromium helper to the
 * browser's), and a group can then show less than it did.
 */
export function startCpuBreakdown(): (() => Record<string, number>) | null {
  if (process.platform !== 'linux' || !existsSync('/proc/self/stat')) return null;
  const snapshot = (): Map<string, number> => {
    const groups = new Map<string, number>();
    const add = (group: string, ticks: number) => groups.set(group, (groups.get(group) ?? 0) + ticks);
    for (const { pid, ticks } of treeOf(process.pid)) {
      if (pid !== process.pid) {
        add(groupOf(pid), ticks);
        continue;
      }
      // Shells the host spawned and reaped count as the program's, not the host's.
      const self = ownAndReaped(`/proc/${pid}/stat`);
      const main = ownAndReaped(`/proc/${pid}/task/${pid}/stat`).own;
      add('host-main', main);
      add('host-threads', self.own - main);
      add('program', self.reaped);
    }
    return groups;
  };
  const before = snapshot();
  return () => {
    const after = snapshot();
    const out: Record<string, number> = {};
    for (const [group, ticks] of [...after].sort(([a], [b]) => a.localeCompare(b))) {
      out[group] = Number(((ticks - (before.get(group) ?? 0)) / USER_HZ).toFixed(2));
    }
    return out;
  };
}
