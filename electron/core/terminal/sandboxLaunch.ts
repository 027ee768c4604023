import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rmdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * How bubblewrap is started so that the sandbox learns nothing about the host (issue 15, point 7).
 *
 * Inside its own pid namespace the sandbox's pid 1 is a fork of bwrap, so `/proc/1/cmdline` is
 * bwrap's argv and `/proc/1/environ` its environment. Both must hold no host path and no attempt
 * id, so bwrap gets its real arguments (which name the workspace's host path) on fd 3 from a 0600
 * file in a private temp folder, removed as soon as it is open, and is started in `/` with an
 * environment of only the session marker (a random UUID per shell). The small `sh` helper that
 * does this replaces itself with bwrap (`exec`), so neither its argv nor its script stays visible.
 *
 * Limits: the helper joins the shell's own cgroups (pids.max, memory limit) where this machine
 * lets us create them, and sets rlimits through prlimit(1): a file-size cap always, and where
 * there is no pids cgroup a process-count rlimit (which counts every process of the user, so it is
 * set above what the user runs already, and which the kernel does not apply to root).
 */
export const SANDBOX_MAX_PROCESSES = 512;
export const SANDBOX_MAX_MEMORY_BYTES = 2 * 1024 * 1024 * 1024;
export const SANDBOX_MAX_FILE_BYTES = 1024 * 1024 * 1024;

/**
 * $1 args file, $2 bwrap, $3 colon-separated cgroup.procs files to join, $4 prlimit or "", then
 * prlimit's options (each starting with --) and finally `-- <shell>`.
 */
export const LAUNCH_SCRIPT = [
  'exec 3<"$1" || exit 127',
  'rm -f "$1"; rmdir "${1%/*}" 2>/dev/null',
  'bwrap=$2; procs=$3; prlimit=$4; shift 4',
  'IFS=:; for f in $procs; do echo $$ > "$f" || exit 126; done; unset IFS',
  'limits=""; while [ "$1" != "--" ]; do limits="$limits $1"; shift; done',
  'cd /',
  // $limits is split on purpose: each word is one --option=value without spaces.
  'if [ -n "$prlimit" ]; then exec "$prlimit" $limits -- "$bwrap" --args 3 "$@"; fi',
  'exec "$bwrap" --args 3 "$@"',
].join('\n');

/** Writes bwrap's arguments NUL-separated to a fresh private file; returns its path. */
export async function writeLaunchArgs(args: readonly string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-launch-'));
  const file = join(dir, 'args');
  await writeFile(file, `${args.join('\0')}\0`, { mode: 0o600 });
  return file;
}

/** Where cgroup v1 controllers or the v2 hierarchy live; injectable for tests. */
export interface CgroupRoots {
  /** cgroup v1 controller mounts, e.g. /sys/fs/cgroup/pids */
  pids: string | null;
  memory: string | null;
}

/** Cgroup folder names start with the user's prefix, then the pid and start time of the app that made them (cgroupOwnerTag). */
export const SHELL_CGROUP_PREFIX = 'vigil-shell-';

/**
 * The cgroup v1 pids and memory folders this process is in: shells' cgroups go beneath them, so
 * they stay inside whatever limits the app itself runs under (a container, a systemd slice).
 */
async function ownCgroupRoots(): Promise<CgroupRoots> {
  const roots: CgroupRoots = { pids: null, memory: null };
  let text: string;
  try {
    text = await readFile('/proc/self/cgroup', 'utf8');
  } catch {
    return roots; // not Linux, or no /proc: no cgroups
  }
  for (const line of text.split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers === undefined || path === undefined) continue;
    for (const c of ['pids', 'memory'] as const) {
      if (controllers.split(',').includes(c)) roots[c] = join('/sys/fs/cgroup', c, path);
    }
  }
  return roots;
}

/** A process's start time in clock ticks since boot (/proc/<pid>/stat field 22), or null if it is gone. */
async function startTicks(pid: number): Promise<string | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return null;
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

let ownTag: Promise<string> | null = null;

/**
 * Who made a cgroup: this app's pid and start time. The start time tells a crashed app's leftovers
 * from a live app that got the same pid (in a container the hub is often always pid 1 or 7).
 */
export function cgroupOwnerTag(): Promise<string> {
  ownTag ??= startTicks(process.pid).then((t) => `${process.pid}.${t ?? '0'}`);
  return ownTag;
}

async function ownerAlive(tag: string): Promise<boolean> {
  const [pid, ticks] = tag.split('.');
  const current = await startTicks(Number(pid));
  return current !== null && current === ticks;
}

/**
 * Removes the cgroups of apps that have ended (no process with the pid and start time in the name). Never one of a live
 * app: a cgroup just made and not yet joined by its helper is empty too, and removing it under a
 * concurrent start broke that start (seen with four grading runs at once).
 */
async function sweep(root: string, prefix: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return; // the controller is not there: nothing to sweep
  }
  for (const name of names.filter((n) => n.startsWith(prefix))) {
    const owner = /^(\d+\.\d+)-/.exec(name.slice(prefix.length))?.[1];
    if (owner !== undefined && (await ownerAlive(owner))) continue;
    // EBUSY while something still runs in it: kept for the next sweep.
    await rmdir(join(root, name)).catch(() => undefined);
  }
}

export interface CgroupLimits {
  /** pids.max */
  processes: number;
  /** memory.limit_in_bytes: process memory plus the tmpfs pages it writes. */
  memoryBytes: number;
}

export interface PreparedCgroups {
  /** The cgroup.procs files the helper writes its pid into. */
  procs: string[];
  /** The folders made, for releaseCgroups once their processes are gone. */
  dirs: string[];
  pidsCapped: boolean;
  /** The memory cgroup's folder, when there is one (its memory.failcnt tells whether the cap was hit). */
  memoryDir: string | null;
}

/**
 * Creates a pids and a memory cgroup for one sandbox where the hierarchy is writable (root, or a
 * delegated subtree).
 */
export async function prepareCgroups(prefix: string, limits: CgroupLimits, roots?: CgroupRoots): Promise<PreparedCgroups> {
  roots ??= await ownCgroupRoots();
  const name = `${prefix}${await cgroupOwnerTag()}-${randomBytes(8).toString('hex')}`;
  const out: PreparedCgroups = { procs: [], dirs: [], pidsCapped: false, memoryDir: null };
  const wanted: Array<[string | null, 'pids.max' | 'memory.limit_in_bytes', string]> = [
    [roots.pids, 'pids.max', String(limits.processes)],
    [roots.memory, 'memory.limit_in_bytes', String(limits.memoryBytes)],
  ];
  for (const [root, file, value] of wanted) {
    if (root === null) continue;
    await sweep(root, prefix);
    const dir = join(root, name);
    try {
      await mkdir(dir);
      await writeFile(join(dir, file), value);
    } catch {
      // Not writable here (an unprivileged user without delegation): the rlimit fallback applies.
      await rmdir(dir).catch(() => undefined);
      continue;
    }
    out.procs.push(join(dir, 'cgroup.procs'));
    out.dirs.push(dir);
    if (file === 'pids.max') out.pidsCapped = true;
    else out.memoryDir = dir;
  }
  return out;
}

/** The shell's cgroups (SANDBOX_MAX_PROCESSES, SANDBOX_MAX_MEMORY_BYTES). */
export async function prepareShellCgroups(roots?: CgroupRoots): Promise<PreparedCgroups> {
  return prepareCgroups(SHELL_CGROUP_PREFIX, { processes: SANDBOX_MAX_PROCESSES, memoryBytes: SANDBOX_MAX_MEMORY_BYTES }, roots);
}

/**
 * Whether the memory cap of a cgroup from prepareCgroups killed a process (the kernel's OOM killer,
 * `oom_kill` in memory.oom_control); where the kernel does not count that, whether the cap was
 * reached at all (memory.failcnt, which also counts page cache reclaimed at the limit).
 */
export async function memoryCapHit(cgroups: PreparedCgroups): Promise<boolean> {
  if (cgroups.memoryDir === null) return false;
  const control = await readFile(join(cgroups.memoryDir, 'memory.oom_control'), 'utf8').catch(() => '');
  const kills = /^oom_kill (\d+)$/m.exec(control)?.[1];
  if (kills !== undefined) return Number(kills) > 0;
  const text = await readFile(join(cgroups.memoryDir, 'memory.failcnt'), 'utf8').catch(() => '0');
  return Number(text.trim()) > 0;
}

/**
 * Removes cgroups whose processes have ended. The last process may still be leaving when its
 * parent sees it exit, so EBUSY is retried for a moment; what stays busy is left to the next
 * app's sweep.
 */
export async function releaseCgroups(cgroups: PreparedCgroups): Promise<void> {
  for (const dir of cgroups.dirs) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const error = await rmdir(dir).then(
        () => null,
        (err: unknown) => err as NodeJS.ErrnoException,
      );
      if (error === null || error.code === 'ENOENT') break;
      // Anything but EBUSY (EPERM, say) will not pass by retrying: left to the next sweep.
      if (error.code !== 'EBUSY') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Processes this user runs now (for an RLIMIT_NPROC that only caps what the sandbox adds). */
export async function countOwnProcesses(): Promise<number> {
  const uid = process.getuid?.();
  let count = 0;
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = await stat(join('/proc', name)).catch(() => null);
    if (st && st.uid === uid) count++;
  }
  return count;
}

/** Exactly what to spawn to start bwrap through the helper. */
export interface HelperLaunch {
  file: string;
  args: string[];
  cgroups: PreparedCgroups;
}

export interface HelperLaunchOptions {
  /** The `sh` to run LAUNCH_SCRIPT with and prlimit(1), or null where it is missing. */
  sh: string;
  prlimit: string | null;
  cgroups: PreparedCgroups;
  /** RLIMIT_FSIZE: the largest file the sandbox may write. */
  fileBytes: number;
}

/**
 * The helper's argv for bwrap's `options` (from buildBwrapArgs without the trailing `--` and
 * command) and the command to run inside. Writes the options to a private file (writeLaunchArgs).
 */
export async function planHelperLaunch(bwrapPath: string, options: readonly string[], command: readonly string[], o: HelperLaunchOptions): Promise<HelperLaunch> {
  const limits = [`--fsize=${o.fileBytes}`];
  if (!o.cgroups.pidsCapped) limits.push(`--nproc=${(await countOwnProcesses()) + SANDBOX_MAX_PROCESSES}`);
  const argsFile = await writeLaunchArgs(options);
  return {
    file: o.sh,
    args: ['-c', LAUNCH_SCRIPT, 'vigil-sandbox', argsFile, bwrapPath, o.cgroups.procs.join(':'), o.prlimit ?? '', ...(o.prlimit ? limits : []), '--', ...command],
    cgroups: o.cgroups,
  };
}
