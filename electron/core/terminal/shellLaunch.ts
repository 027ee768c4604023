import { realpath } from 'node:fs/promises';
import { VigilError } from '../../../shared/errors.js';
import {
  buildBwrapArgs,
  findExecutable,
  SANDBOX_WORKSPACE,
  SYSTEM_PATH_DIRS,
  type HostLayout,
  type SandboxDetection,
} from './sandbox.js';
import { planHelperLaunch, prepareShellCgroups, releaseCgroups, SANDBOX_MAX_FILE_BYTES, type PreparedCgroups } from './sandboxLaunch.js';

/** The shell's terminal type; xterm.js in the renderer implements it. */
export const SHELL_TERM = 'xterm-256color';
/** Built into glibc since 2.35 and into Debian/Ubuntu long before; UTF-8 without locale files. */
export const SHELL_LANG = 'C.UTF-8';
/** Every process started from a shell inherits this variable; processTree uses it to find strays. */
export const SESSION_MARKER_VAR = 'VIGIL_TERMINAL';

export interface LaunchRequest {
  /** Host path of the workspace. */
  workspaceDir: string;
  /** Shell wanted by the item (exam.json `shell`); falls back to bash, then sh. */
  shell?: string;
  sandbox: { enabled: boolean; network: boolean };
  detection: SandboxDetection;
  layout: HostLayout;
  /** Unique per shell start, e.g. a random UUID. */
  marker: string;
  platform?: NodeJS.Platform;
}

/** Exactly what node-pty is asked to spawn. */
export interface LaunchPlan {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** Host directory node-pty starts in. */
  cwd: string;
  sandboxed: boolean;
  /** The shell as the candidate sees it (asciicast header `SHELL`). */
  shellPath: string;
  /** The shell's own cgroups (sandboxed only): release them once its processes are gone. */
  cgroups: PreparedCgroups | null;
}

/**
 * The whole environment of the shell, built from nothing: the app's own environment (tokens,
 * proxy settings, ELECTRON_* variables, the real HOME) never reaches the candidate.
 */
export function cleanShellEnv(home: string, pathDirs: readonly string[], shellPath: string, marker: string): Record<string, string> {
  return {
    PATH: [...new Set(pathDirs)].join(':'),
    HOME: home,
    TERM: SHELL_TERM,
    COLORTERM: 'truecolor',
    LANG: SHELL_LANG,
    SHELL: shellPath,
    PS1: '\\w \\$ ',
    [SESSION_MARKER_VAR]: marker,
  };
}

/** The first of the requested shell, bash, sh that exists in `dirs`. */
export async function resolveShell(requested: string | undefined, dirs: readonly string[]): Promise<string> {
  const wanted = [...new Set([requested, 'bash', 'sh'].filter((s): s is string => s !== undefined))];
  for (const name of wanted) {
    const found = await findExecutable(name, dirs);
    if (found) return found;
  }
  throw new VigilError('unavailable', `no shell found (tried ${wanted.join(', ')})`);
}

/**
 * Decides how to start the shell. On Linux with the sandbox enabled bwrap is required: a missing or
 * broken bwrap is an error (the pre-flight reports it first), never a silent unsandboxed shell.
 * On other systems the sandbox is best effort: the shell runs unconfined in the workspace.
 */
export async function planLaunch(req: LaunchRequest): Promise<LaunchPlan> {
  const platform = req.platform ?? process.platform;
  const pathDirs = [...req.layout.binDirs, ...SYSTEM_PATH_DIRS];
  const shellPath = await resolveShell(req.shell, pathDirs);
  const wantSandbox = req.sandbox.enabled && platform === 'linux';

  if (!wantSandbox) {
    const home = await realpath(req.workspaceDir);
    return {
      file: shellPath,
      args: [],
      env: cleanShellEnv(home, pathDirs, shellPath, req.marker),
      cwd: home,
      sandboxed: false,
      shellPath,
      cgroups: null,
    };
  }
  if (!req.detection.available || req.detection.bwrapPath === null) {
    throw new VigilError('unavailable', `the coding terminal needs a sandbox: ${req.detection.detail}`);
  }
  const visibleRoots = ['/usr', ...req.layout.rootEntries.map((e) => e.path), ...req.layout.toolchain];
  if (!visibleRoots.some((root) => shellPath === root || shellPath.startsWith(`${root}/`))) {
    throw new VigilError('unavailable', `the shell ${shellPath} is outside the sandbox's read-only toolchain (${visibleRoots.join(', ')})`);
  }
  const env = cleanShellEnv(SANDBOX_WORKSPACE, pathDirs, shellPath, req.marker);
  const bwrapArgs = buildBwrapArgs({ workspaceDir: await realpath(req.workspaceDir), network: req.sandbox.network, env, command: [shellPath] }, req.layout);
  // Through the helper (sandboxLaunch.ts): bwrap's own argv and environment, which the sandbox
  // sees as /proc/1/cmdline and /proc/1/environ, hold no host path.
  const helper = await findExecutable('sh', SYSTEM_PATH_DIRS);
  if (!helper) throw new VigilError('unavailable', 'no /bin/sh to start the sandbox with');
  // bwrap reads options from fd 3 but takes the command from its own argv: `bwrap --args 3 -- /usr/bin/bash`.
  const options = bwrapArgs.slice(0, bwrapArgs.length - 2);
  const cgroups = await prepareShellCgroups();
  const launch = await planHelperLaunch(req.detection.bwrapPath, options, [shellPath], {
    sh: helper,
    prlimit: await findExecutable('prlimit', SYSTEM_PATH_DIRS),
    cgroups,
    fileBytes: SANDBOX_MAX_FILE_BYTES,
  }).catch(async (error: unknown) => {
    await releaseCgroups(cgroups);
    throw error;
  });
  return {
    file: launch.file,
    args: launch.args,
    // bwrap clears this anyway; the marker lets the tree killer find bwrap itself too.
    env: { [SESSION_MARKER_VAR]: req.marker },
    cwd: '/',
    sandboxed: true,
    shellPath,
    cgroups: launch.cgroups,
  };
}
