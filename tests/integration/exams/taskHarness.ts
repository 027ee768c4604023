/**
 * Runs an exam package's coding task the way grading does (DESIGN 7): the starter copied into a
 * fresh folder, optionally the reference solution laid over it, the hidden tests copied in as
 * hidden/, and the key's command run at the folder's root.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface CommandRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

/** Hard stop for one command, so a hanging task fails the test instead of stalling the suite. */
export const COMMAND_GUARD_MS = 60_000;

/** Runs `command` through the shell in `cwd` with `extraEnv`; kills its whole process group at `timeoutMs`. */
export function runCommand(command: string, cwd: string, timeoutMs = COMMAND_GUARD_MS, extraEnv: Record<string, string> = {}): Promise<CommandRun> {
  // A node --test inside a node --test run would report to its parent: make sure it does not.
  const env = { ...process.env, ...extraEnv };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, shell: true, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch (error) {
        // ESRCH: the group exited between the timer firing and the kill; 'close' follows.
        if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr, durationMs: performance.now() - started, timedOut });
    });
  });
}

export interface Workspace {
  dir: string;
  cleanup: () => Promise<void>;
}

/** starter/, then solution/ over it when asked, then hidden/ as <dir>/hidden/ when asked. */
export async function prepareWorkspace(taskDir: string, opts: { solution: boolean; hidden: boolean }): Promise<Workspace> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-task-'));
  await cp(path.join(taskDir, 'starter'), dir, { recursive: true });
  if (opts.solution) await cp(path.join(taskDir, 'solution'), dir, { recursive: true, force: true });
  if (opts.hidden) {
    await mkdir(path.join(dir, 'hidden'), { recursive: true });
    await cp(path.join(taskDir, 'hidden'), path.join(dir, 'hidden'), { recursive: true });
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface TapSummary {
  tests: number;
  pass: number;
  fail: number;
  /** Names of the failed leaf tests. */
  failed: string[];
}

/** The totals node --test prints at the end of its TAP output. */
export function tapSummary(tap: string): TapSummary {
  const total = (name: string): number => {
    const m = new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap);
    if (!m?.[1]) throw new Error(`no "# ${name}" line in TAP output:\n${tap.slice(-2000)}`);
    return Number(m[1]);
  };
  const failed = [...tap.matchAll(/^\s*not ok \d+ - (.*)$/gm)].map((m) => m[1] ?? '');
  return { tests: total('tests'), pass: total('pass'), fail: total('fail'), failed };
}
