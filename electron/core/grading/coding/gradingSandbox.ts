import { VigilError } from '../../../../shared/errors.js';
import {
  buildBwrapArgs,
  detectSandbox,
  probeHostLayout,
  SANDBOX_WORKSPACE,
  SYSTEM_PATH_DIRS,
  type HostLayout,
  type SandboxDetection,
} from '../../terminal/sandbox.js';

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

/** Exactly what to spawn for one grading command. */
export interface GradingLaunch {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

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

/** `/bin/sh -c <command>` at the copy's root, under bwrap when the sandbox is on. `dir` must be a real path. */
export function planGradingLaunch(sandbox: GradingSandbox, dir: string, command: string, marker: string, extraEnv: Record<string, string> = {}): GradingLaunch {
  const shell = ['/bin/sh', '-c', command];
  if (sandbox.kind === 'none' || sandbox.bwrapPath === null) {
    const [file, ...args] = shell as [string, ...string[]];
    return { file, args, env: { ...extraEnv, ...gradingEnv(dir, sandbox.layout, marker) }, cwd: dir };
  }
  const env = { ...extraEnv, ...gradingEnv(SANDBOX_WORKSPACE, sandbox.layout, marker) };
  const args = buildBwrapArgs({ workspaceDir: dir, network: false, env, command: shell }, sandbox.layout);
  // bwrap's own process carries the marker too, so the tree killer finds it with everything inside.
  return { file: sandbox.bwrapPath, args, env: { [GRADING_MARKER_VAR]: marker }, cwd: dir };
}
