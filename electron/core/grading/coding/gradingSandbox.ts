import { access, constants } from 'node:fs/promises';
import { VigilError } from '../../../../shared/errors.js';
import {
  buildBwrapArgs,
  detectSandbox,
  findExecutable,
  probeHostLayout,
  SANDBOX_WORKSPACE,
  SANDBOX_WORKSPACE_SOURCE,
  SYSTEM_PATH_DIRS,
  type HostLayout,
  type SandboxDetection,
} from '../../terminal/sandbox.js';
import { planHelperLaunch, prepareCgroups, releaseCgroups, SANDBOX_MAX_PROCESSES, type PreparedCgroups } from '../../terminal/sandboxLaunch.js';

/**
 * Where a grading command runs (DESIGN 7, 9). With bubblewrap it sees the same world as the
 * candidate's terminal (electron/core/terminal/sandbox.ts, reused as is): an empty root with the
 * toolchain read-only, the grading copy read-write at /workspace and nothing else of the host (no
 * package, no key, no app data, no home), a private /tmp, no network, its own pid namespace. The
 * only differences from the terminal: no pty, and the network is never shared.
 *
 * - `bubblewrap`: required; unavailable -> VigilError('unavailable') (a system error: retry where
 *   the sandbox works). The hub grades with this.
 * - `auto` (default): bubblewrap when it works, else the command runs unconfined in the copy
 *   (other systems, containers without user namespaces). Fine for practice mode, where the
 *   candidate already runs whatever they like on their own machine.
 * - `none`: never sandboxed (tests, debugging).
 */
export type SandboxMode = 'auto' | 'bubblewrap' | 'none';

/** Every process a grading run starts inherits this variable; the tree killer finds strays by it. */
export const GRADING_MARKER_VAR = 'VIGIL_GRADING_RUN';

/** Locale for test output: UTF-8 without needing locale files. */
const GRADING_LANG = 'C.UTF-8';

export interface GradingSandbox {
  kind: 'bubblewrap' | 'none';
  /** Set when kind is bubblewrap. */
  bwrapPath: string | null;
  layout: HostLayout;
  /** Why this kind: the detection's detail. */
  detail: string;
}

export interface ResolveSandboxOptions {
  /** Host paths that must stay invisible even inside bound folders (the package, the app data). */
  hidePaths?: readonly string[];
  /** For tests: a detection to use instead of probing. */
  detection?: SandboxDetection;
}

export async function resolveGradingSandbox(mode: SandboxMode, options: ResolveSandboxOptions = {}): Promise<GradingSandbox> {
  const layout = await probeHostLayout({ hidePaths: options.hidePaths ?? [] });
  if (mode === 'none') return { kind: 'none', bwrapPath: null, layout, detail: 'sandbox disabled' };
  const detection = options.detection ?? (await detectSandbox());
  if (detection.available && detection.bwrapPath !== null) {
    return { kind: 'bubblewrap', bwrapPath: detection.bwrapPath, layout, detail: detection.detail };
  }
  if (mode === 'bubblewrap') throw new VigilError('unavailable', `coding items must be graded in a sandbox, and none is available: ${detection.detail}`);
  return { kind: 'none', bwrapPath: null, layout, detail: detection.detail };
}

/**
 * Quotas of a sandboxed grading run (issue 15 point 5: one run once wrote 2 GB to the hub's disk).
 * - Disk: the run's /workspace is a tmpfs of GRADING_WORKSPACE_BYTES (the copy is copied into it
 *   first), and /tmp and /dev/shm are capped as in the terminal; nothing the run writes reaches the
 *   host's disk, so no grading run can fill the disk the hub's database lives on.
 * - Memory: a memory cgroup of GRADING_MAX_MEMORY_BYTES where the hierarchy is writable (the tmpfs
 *   pages count against it too), else none (documented in docs/grading.md).
 * - Processes: pids.max, else RLIMIT_NPROC; files: RLIMIT_FSIZE.
 */
export const GRADING_WORKSPACE_BYTES = 512 * 1024 * 1024;
export const GRADING_MAX_MEMORY_BYTES = 2 * 1024 * 1024 * 1024;
export const GRADING_MAX_FILE_BYTES = GRADING_WORKSPACE_BYTES;
export const GRADING_CGROUP_PREFIX = 'vigil-grade-';
/** The fd on which a sandboxed run hands its report file back to the grader. */
export const GRADING_REPORT_FD = 4;
/** Exit code of the wrapper when the copy does not fit the quota (the command never ran). */
export const GRADING_COPY_FAILED_EXIT = 125;

/**
 * What runs inside the sandbox: fill the tmpfs workspace from the read-only copy, run the command
 * (with the report fd closed), end whatever it left running (so nothing writes the report after),
 * then hand back the report file on GRADING_REPORT_FD, one byte past the cap so the grader can tell it was cut. $1 command, $2 report file name or
 * "", $3 cap in bytes. `cp -R` keeps modes and symlinks; ownership is the sandbox user's anyway.
 */
export const GRADING_WRAPPER = [
  `cp -R ${SANDBOX_WORKSPACE_SOURCE}/. ${SANDBOX_WORKSPACE}/ || { echo "vigil: the workspace could not be copied into the grading run (too large for its ${GRADING_WORKSPACE_BYTES / (1024 * 1024)} MiB disk quota, or unreadable: see above)" >&2; exit ${GRADING_COPY_FAILED_EXIT}; }`,
  `cd ${SANDBOX_WORKSPACE} || exit ${GRADING_COPY_FAILED_EXIT}`,
  `/bin/sh -c "$1" ${GRADING_REPORT_FD}>&-`,
  'rc=$?',
  'kill -9 -1 2>/dev/null',
  `if [ -n "$2" ] && [ -f "$2" ] && [ ! -L "$2" ]; then head -c $(($3 + 1)) -- "$2" >&${GRADING_REPORT_FD}; fi`,
  'exit $rc',
].join('\n');

/**
 * The clean environment of a grading run, built from nothing: PATH, HOME (the copy), LANG, CI=1,
 * and the marker. Never the grader's own variables (NODE_OPTIONS, tokens, proxies, ELECTRON_*).
 */
export function gradingEnv(home: string, layout: HostLayout, marker: string): Record<string, string> {
  return {
    PATH: [...new Set([...layout.binDirs, ...SYSTEM_PATH_DIRS])].join(':'),
    HOME: home,
    LANG: GRADING_LANG,
    CI: '1',
    NO_COLOR: '1',
    [GRADING_MARKER_VAR]: marker,
  };
}

/** How one grading command is started: directly, or bwrap with these options and command inside. */
export type GradingPlan =
  | { kind: 'direct'; file: string; args: string[]; env: Record<string, string>; cwd: string }
  | { kind: 'bwrap'; bwrapPath: string; options: string[]; command: string[]; env: Record<string, string> };

/** The report file a run should hand back (junit.xml at the copy's root), and its cap. */
export interface ReportRequest {
  file: string;
  capBytes: number;
}

/**
 * `/bin/sh -c <command>` at the copy's root; under bwrap the copy is read-only and the command
 * runs in a tmpfs copy of it (GRADING_WRAPPER). `dir` must be a real path. Pure.
 */
export function planGradingLaunch(sandbox: GradingSandbox, dir: string, command: string, marker: string, extraEnv: Record<string, string> = {}, report: ReportRequest | null = null): GradingPlan {
  if (sandbox.kind === 'none' || sandbox.bwrapPath === null) {
    return { kind: 'direct', file: '/bin/sh', args: ['-c', command], env: { ...extraEnv, ...gradingEnv(dir, sandbox.layout, marker) }, cwd: dir };
  }
  const env = { ...extraEnv, ...gradingEnv(SANDBOX_WORKSPACE, sandbox.layout, marker) };
  const inner = ['/bin/sh', '-c', GRADING_WRAPPER, 'vigil-grade', command, report?.file ?? '', String(report?.capBytes ?? 0)];
  const args = buildBwrapArgs({ workspaceDir: dir, workspaceTmpfsBytes: GRADING_WORKSPACE_BYTES, network: false, env, command: inner }, sandbox.layout);
  // bwrap's own process carries the marker too, so the tree killer finds it with everything inside.
  return { kind: 'bwrap', bwrapPath: sandbox.bwrapPath, options: args.slice(0, args.length - inner.length - 1), command: inner, env: { [GRADING_MARKER_VAR]: marker } };
}

/** Exactly what to spawn, and the cgroups to read and release once the run has ended. */
export interface GradingLaunch {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Under bwrap: the report comes back on GRADING_REPORT_FD. */
  sandboxed: boolean;
  cgroups: PreparedCgroups | null;
}

/**
 * Turns a plan into a spawn: bwrap goes through the sandbox helper (sandboxLaunch.ts), which
 * joins the run's cgroups and sets the rlimits before bwrap starts, and keeps host paths out of
 * the sandbox's /proc/1.
 */
export async function prepareGradingLaunch(plan: GradingPlan): Promise<GradingLaunch> {
  if (plan.kind === 'direct') return { file: plan.file, args: plan.args, env: plan.env, cwd: plan.cwd, sandboxed: false, cgroups: null };
  const sh = await findExecutable('sh', SYSTEM_PATH_DIRS);
  if (!sh) throw new VigilError('unavailable', 'no /bin/sh to start the grading sandbox with');
  // The helper would exit 127 on a missing bwrap, which reads like the task's own failure.
  await access(plan.bwrapPath, constants.X_OK).catch((err: unknown) => {
    throw new VigilError('unavailable', `cannot start the grading sandbox (${plan.bwrapPath}): ${err instanceof Error ? err.message : String(err)}`);
  });
  const cgroups = await prepareCgroups(GRADING_CGROUP_PREFIX, { processes: SANDBOX_MAX_PROCESSES, memoryBytes: GRADING_MAX_MEMORY_BYTES });
  try {
    const launch = await planHelperLaunch(plan.bwrapPath, plan.options, plan.command, {
      sh,
      prlimit: await findExecutable('prlimit', SYSTEM_PATH_DIRS),
      cgroups,
      fileBytes: GRADING_MAX_FILE_BYTES,
    });
    return { file: launch.file, args: launch.args, env: plan.env, cwd: '/', sandboxed: true, cgroups };
  } catch (err) {
    await releaseCgroups(cgroups);
    throw err;
  }
}
