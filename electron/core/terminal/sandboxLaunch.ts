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

const PREFIX = 'vigil-shell-';

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

/** Removes the empty cgroups of shells that have ended (their processes gone, rmdir succeeds). */
async function sweep(root: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return; // the controller is not there: nothing to sweep
  }
  for (const name of names.filter((n) => n.startsWith(PREFIX))) {
    // EBUSY while a shell still runs in it: kept for the next sweep.
    await rmdir(join(root, name)).catch(() => undefined);
  }
}

/**
 * Creates a pids and a memory cgroup for one shell where the hierarchy is writable (root, or a
 * delegated subtree); returns the cgroup.procs files the helper writes its pid into, and whether
 * the process count is capped by a cgroup.
 */
export async function prepareShellCgroups(roots?: CgroupRoots): Promise<{ procs: string[]; pidsCapped: boolean }> {
  roots ??= await ownCgroupRoots();
  const name = `${PREFIX}${randomBytes(8).toString('hex')}`;
  const procs: string[] = [];
  let pidsCapped = false;
  const limits: Array<[string | null, string, string]> = [
    [roots.pids, 'pids.max', String(SANDBOX_MAX_PROCESSES)],
    [roots.memory, 'memory.limit_in_bytes', String(SANDBOX_MAX_MEMORY_BYTES)],
  ];
  for (const [root, file, value] of limits) {
    if (root === null) continue;
    await sweep(root);
    const dir = join(root, name);
    try {
      await mkdir(dir);
      await writeFile(join(dir, file), value);
    } catch {
      // Not writable here (an unprivileged user without delegation): the rlimit fallback applies.
      await rmdir(dir).catch(() => undefined);
      continue;
    }
    procs.push(join(dir, 'cgroup.procs'));
    if (file === 'pids.max') pidsCapped = true;
  }
  return { procs, pidsCapped };
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
