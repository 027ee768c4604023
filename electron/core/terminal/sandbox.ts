import { execFile } from 'node:child_process';
import { access, constants, lstat, readlink, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { SandboxStatus } from '../../../shared/terminal.js';

/**
 * The candidate's shell under bubblewrap (DESIGN 7, 9; docs/terminal.md).
 *
 * The sandbox is built from an empty root, never from the host's `/` minus exceptions, so
 * anything not listed here (the app data with journals and device keys, exam packages, the real
 * home, /opt, /srv, /run, /var, /sys, other users' files) simply does not exist inside:
 * - the workspace, read-write, at SANDBOX_WORKSPACE (not at its host path: the candidate sees a
 *   short stable path and learns nothing of where the app keeps its data); HOME is the workspace;
 * - the toolchain read-only: /usr, the merged-/usr links (/bin, /lib, ...), a short allowlist of
 *   /etc files a shell, node and npm need, and node's install prefix when it lives outside /usr;
 * - fresh /proc (own pid namespace), minimal read-only /dev, and private size-capped tmpfs /tmp
 *   and /dev/shm;
 * - every namespace unshared (no network unless the exam allows it), no capabilities, and the
 *   root made read-only, so writing anywhere but the workspace and /tmp fails.
 *
 * Not `--new-session`: it would detach the shell from its terminal and break job control (Ctrl-Z,
 * fg). The setsid it guards against (TIOCSTI into the parent's terminal) does not apply: the shell's
 * terminal is a pty created for it alone, so injected input reaches only the sandboxed shell.
 */
export const SANDBOX_WORKSPACE = '/workspace';
/** Size caps of the sandbox's memory-backed folders. */
export const SANDBOX_TMP_BYTES = 256 * 1024 * 1024;
export const SANDBOX_SHM_BYTES = 64 * 1024 * 1024;
export const SANDBOX_HOSTNAME = 'vigil';

/** Directories searched for commands, outermost toolchain last. */
export const SYSTEM_PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Root-level entries that merged-/usr systems make symlinks into /usr; older ones have dirs. */
const ROOT_TOOLCHAIN_ENTRIES = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * /etc pieces, and only these: users and groups so `id` and os.userInfo() work, name resolution
 * and certificates for npm when the network is allowed, the dynamic linker cache, Debian's
 * alternatives symlinks (e.g. awk), terminfo, the JDK's and Python's configuration. Never /etc/npmrc, pip.conf, gitconfig, ssh, shadow:
 * those can hold credentials.
 */
export const ETC_ALLOWLIST = [
  '/etc/passwd',
  '/etc/group',
  '/etc/nsswitch.conf',
  '/etc/hosts',
  '/etc/host.conf',
  '/etc/resolv.conf',
  '/etc/gai.conf',
  '/etc/services',
  '/etc/protocols',
  '/etc/localtime',
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/alternatives',
  '/etc/ssl',
  '/etc/ca-certificates',
  '/etc/pki',
  '/etc/terminfo',
  '/etc/inputrc',
  // The language toolchains a coding task may offer (DESIGN 13): Debian's JDK keeps its
  // java.security and other configuration here, Python its site configuration.
  '/etc/java-17-openjdk',
  '/etc/python3',
  '/etc/python3.11',
];

export type RootEntry = { path: string; kind: 'dir' } | { path: string; kind: 'symlink'; target: string };
export type EtcEntry = { path: string; kind: 'bind'; source: string } | { path: string; kind: 'symlink'; target: string };

/** What this machine looks like, probed once; the argv builder below is pure over it. */
export interface HostLayout {
  rootEntries: RootEntry[];
  etc: EtcEntry[];
  /** Extra read-only binds at their own path (node's prefix outside /usr, e.g. ~/.nvm/...). */
  toolchain: string[];
  /** Toolchain bin directories to put before SYSTEM_PATH_DIRS. */
  binDirs: string[];
  /** Paths inside bound directories that must still be invisible: covered by an empty dir or file. */
  masks: Array<{ path: string; kind: 'dir' | 'file' }>;
}

/**
 * Where a grading run's copy is visible read-only when its workspace is a tmpfs: the run copies it
 * into /workspace first, so what it writes lands in memory with a size cap, never on the host disk.
 */
export const SANDBOX_WORKSPACE_SOURCE = '/.vigil-source';

export interface BwrapSpec {
  /** Host path of the workspace; bound read-write at SANDBOX_WORKSPACE (or read-only at SANDBOX_WORKSPACE_SOURCE with workspaceTmpfsBytes). */
  workspaceDir: string;
  /**
   * A size-capped tmpfs at SANDBOX_WORKSPACE instead of the host folder (grading runs: a disk
   * quota that needs no privilege and no filesystem support). The command must fill it itself.
   */
  workspaceTmpfsBytes?: number;
  network: boolean;
  /** The complete environment inside (bwrap starts from an empty one). */
  env: Record<string, string>;
  /** Program and arguments to run inside, e.g. ["/usr/bin/bash"]. */
  command: string[];
}

/** The bwrap arguments (without the bwrap program itself). Pure. */
export function buildBwrapArgs(spec: BwrapSpec, layout: HostLayout): string[] {
  const args = ['--die-with-parent', '--unshare-all'];
  if (spec.network) args.push('--share-net');
  args.push('--cap-drop', 'ALL', '--hostname', SANDBOX_HOSTNAME);

  args.push('--ro-bind', '/usr', '/usr');
  for (const e of layout.rootEntries) {
    if (e.kind === 'symlink') args.push('--symlink', e.target, e.path);
    else args.push('--ro-bind', e.path, e.path);
  }
  for (const e of layout.etc) {
    if (e.kind === 'symlink') args.push('--symlink', e.target, e.path);
    // -try: an allowlisted file that vanished since probing must not stop the shell starting.
    else args.push('--ro-bind-try', e.source, e.path);
  }
  for (const dir of layout.toolchain) args.push('--ro-bind', dir, dir);

  // /dev is bubblewrap's minimal one (null, zero, full, random, urandom, tty, pts) made read-only
  // below; /tmp and /dev/shm are size-capped so neither can take the machine's memory.
  args.push('--proc', '/proc', '--dev', '/dev');
  args.push('--size', String(SANDBOX_SHM_BYTES), '--tmpfs', '/dev/shm');
  args.push('--size', String(SANDBOX_TMP_BYTES), '--tmpfs', '/tmp');
  if (spec.workspaceTmpfsBytes === undefined) args.push('--bind', spec.workspaceDir, SANDBOX_WORKSPACE);
  else args.push('--ro-bind', spec.workspaceDir, SANDBOX_WORKSPACE_SOURCE, '--size', String(spec.workspaceTmpfsBytes), '--tmpfs', SANDBOX_WORKSPACE);

  for (const m of layout.masks) {
    if (m.kind === 'dir') args.push('--tmpfs', m.path, '--remount-ro', m.path);
    else args.push('--ro-bind', '/dev/null', m.path);
  }
  args.push('--remount-ro', '/dev', '--remount-ro', '/');
  args.push('--chdir', SANDBOX_WORKSPACE);

  args.push('--clearenv');
  for (const [name, value] of Object.entries(spec.env)) args.push('--setenv', name, value);
  args.push('--', ...spec.command);
  return args;
}

function isWithin(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw err;
  }
}

/** First executable called `name` in `dirs` (or `name` itself when it is a path). */
export async function findExecutable(name: string, dirs: readonly string[]): Promise<string | null> {
  const candidates = name.includes('/') ? [resolve(name)] : dirs.filter((d) => isAbsolute(d)).map((d) => join(d, name));
  for (const path of candidates) {
    try {
      await access(path, constants.X_OK);
      if ((await stat(path)).isFile()) return path;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EACCES' && code !== 'ENOTDIR') throw err;
    }
  }
  return null;
}

/** The app's PATH, used only to find tools (node, bwrap); never passed to the shell. */
export function hostPathDirs(): string[] {
  return (process.env.PATH ?? '').split(delimiter).filter((d) => d.length > 0);
}

export interface ProbeOptions {
  /** Host paths that must stay invisible even if they lie inside a bound directory. */
  hidePaths?: readonly string[];
  /** Where to look for node; defaults to the app's PATH plus the system dirs. */
  searchDirs?: readonly string[];
}

/**
 * Looks at this machine: merged-/usr links, which allowlisted /etc files exist, where node is
 * installed, and which hidden paths fall inside something bound.
 */
export async function probeHostLayout(options: ProbeOptions = {}): Promise<HostLayout> {
  const rootEntries: RootEntry[] = [];
  for (const path of ROOT_TOOLCHAIN_ENTRIES) {
    if (!(await exists(path))) continue;
    const st = await lstat(path);
    if (st.isSymbolicLink()) rootEntries.push({ path, kind: 'symlink', target: await readlink(path) });
    else if (st.isDirectory()) rootEntries.push({ path, kind: 'dir' });
  }

  const etc: EtcEntry[] = [];
  for (const path of ETC_ALLOWLIST) {
    if (!(await exists(path))) continue;
    const st = await lstat(path);
    if (st.isSymbolicLink()) {
      const target = await readlink(path);
      const real = await realpath(path).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null; // dangling link: leave it out
        throw err;
      });
      if (real === null) continue;
      // A link into /usr (e.g. /etc/localtime) stays a link; anything else is bound by content.
      if (isWithin(real, '/usr')) etc.push({ path, kind: 'symlink', target });
      else etc.push({ path, kind: 'bind', source: real });
    } else {
      etc.push({ path, kind: 'bind', source: path });
    }
  }

  const hidePaths = (options.hidePaths ?? []).map((p) => resolve(p));
  const home = homedir();
  const toolchain: string[] = [];
  const binDirs: string[] = [];
  const searchDirs = options.searchDirs ?? [...hostPathDirs(), ...SYSTEM_PATH_DIRS];
  const node = await findExecutable('node', searchDirs);
  if (node) {
    const real = await realpath(node);
    const prefix = dirname(dirname(real));
    const visible = ['/usr', ...rootEntries.map((e) => e.path)].some((root) => isWithin(real, root));
    if (!visible) {
      // Bind the whole prefix (npm and global tools come with it) unless that would expose a home
      // directory or something hidden; then only the node binary itself.
      const tooBroad = prefix === '/' || isWithin(home, prefix) || hidePaths.some((h) => isWithin(h, prefix) || isWithin(prefix, h));
      if (tooBroad) {
        toolchain.push(real);
        binDirs.push(dirname(real));
      } else {
        toolchain.push(prefix);
        binDirs.push(join(prefix, 'bin'));
      }
    }
  }

  // npm's global config files can hold registry tokens; they sit inside bound prefixes.
  const boundRoots = ['/usr', ...rootEntries.filter((e) => e.kind === 'dir').map((e) => e.path), ...toolchain];
  const maskCandidates = [...hidePaths, '/usr/etc/npmrc', '/usr/local/etc/npmrc', ...toolchain.map((t) => join(t, 'etc', 'npmrc'))];
  const masks: HostLayout['masks'] = [];
  for (const path of maskCandidates) {
    if (!boundRoots.some((root) => isWithin(path, root)) || !(await exists(path))) continue;
    if (masks.some((m) => m.path === path)) continue;
    masks.push({ path, kind: (await stat(path)).isDirectory() ? 'dir' : 'file' });
  }

  return { rootEntries, etc, toolchain, binDirs, masks };
}

/** The result of detectSandbox: what the pre-flight shows, plus the bwrap binary for spawning. */
export interface SandboxDetection extends SandboxStatus {
  bwrapPath: string | null;
}

function run(file: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; output: string }> {
  return new Promise((done) => {
    execFile(file, args, { timeout: timeoutMs, env: {} }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      done({ ok: err === null, output: err === null ? output : `${output || err.message}`.trim() });
    });
  });
}

/**
 * Whether the shell can be sandboxed here: bwrap must exist and actually be able to create the
 * namespaces we use (it cannot inside some containers, or where AppArmor restricts unprivileged
 * user namespaces, e.g. Ubuntu 24.04 without the bwrap profile).
 */
export async function detectSandbox(options: { platform?: NodeJS.Platform; searchDirs?: readonly string[] } = {}): Promise<SandboxDetection> {
  const platform = options.platform ?? process.platform;
  if (platform !== 'linux') {
    return {
      available: false,
      kind: 'none',
      detail: `no sandbox on ${platform}: the shell runs unconfined in the workspace (best effort, see docs/terminal.md)`,
      bwrapPath: null,
    };
  }
  const bwrap = await findExecutable('bwrap', options.searchDirs ?? [...SYSTEM_PATH_DIRS, ...hostPathDirs()]);
  if (!bwrap) {
    return {
      available: false,
      kind: 'none',
      detail: 'bubblewrap (bwrap) is not installed: install the "bubblewrap" package to sandbox the coding terminal',
      bwrapPath: null,
    };
  }
  const version = await run(bwrap, ['--version'], 5000);
  if (!version.ok) {
    return { available: false, kind: 'none', detail: `${bwrap} --version failed: ${version.output}`, bwrapPath: null };
  }
  const probe = await run(
    bwrap,
    ['--die-with-parent', '--unshare-all', '--cap-drop', 'ALL', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '--', 'true'],
    10_000,
  );
  if (!probe.ok) {
    return {
      available: false,
      kind: 'none',
      detail: `${version.output} is installed but cannot create a sandbox here (user namespaces disabled or restricted?): ${probe.output}`,
      bwrapPath: null,
    };
  }
  return { available: true, kind: 'bubblewrap', detail: `${version.output} (${bwrap})`, bwrapPath: bwrap };
}
