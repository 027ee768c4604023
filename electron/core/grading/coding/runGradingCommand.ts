import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { VigilError } from '../../../../shared/errors.js';
import { killProcessTree } from '../../terminal/processTree.js';
import { memoryCapHit, releaseCgroups } from '../../terminal/sandboxLaunch.js';
import { readRunFile } from './gradingCopy.js';
import { GRADING_MARKER_VAR, GRADING_REPORT_FD, planGradingLaunch, prepareGradingLaunch, type GradingLaunch, type GradingSandbox, type ReportRequest } from './gradingSandbox.js';
import { OutputCapture } from './outputCapture.js';

/**
 * Runs one grading command (`/bin/sh -c <command>` at the copy's root, sandboxed when the sandbox
 * says so) to completion, with a timeout and an output cap.
 *
 * - The command starts detached: its own session and process group. On timeout the whole tree is
 *   ended (processTree.killProcessTree: the group, every descendant, and every process carrying
 *   this run's marker variable): SIGHUP and SIGTERM, then SIGKILL after `killGraceMs`. Under
 *   bubblewrap the pid namespace ends with it too.
 * - After the command exits, stray processes it left (a server never closed, a `setsid` child)
 *   are found by the marker and ended the same way, so nothing outlives the run.
 * - Output: stdout and stderr are read until they close, always (a full pipe would block the
 *   command, and a killed run must not hang); the first `outputCapBytes` of stdout are kept for the
 *   report parser, and the last `tailBytes` of both, interleaved as they arrived, for feedback.
 *   Output beyond the cap is read and dropped, not a reason to stop the run: the timeout bounds it.
 *
 * Rejects only when the grader itself fails (the program cannot be spawned): VigilError
 * 'unavailable'. Whatever the command does is data in the outcome.
 */

export interface GradingRunRequest {
  /** Real path of the grading copy. */
  dir: string;
  command: string;
  timeoutMs: number;
  outputCapBytes: number;
  sandbox: GradingSandbox;
  /** Bytes of combined output kept for feedback (default 4096). */
  tailBytes?: number;
  /** Between SIGTERM and SIGKILL on timeout (default 1000 ms). */
  killGraceMs?: number;
  /** Variables added to the clean environment (VIGIL_LANGUAGE, VIGIL_START). */
  env?: Record<string, string>;
  /**
   * A file the run leaves at the copy's root for the grader (junit.xml). A sandboxed run writes
   * only to its tmpfs, so it hands the file back on GRADING_REPORT_FD; an unsandboxed one leaves it
   * in the copy. Either way it arrives as `report`, cut at capBytes.
   */
  report?: ReportRequest;
}

export interface GradingRunOutcome {
  /** The command's exit code, or null when a signal ended it. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The first outputCapBytes of stdout. */
  stdout: Buffer;
  /** All stdout bytes seen, kept or not. */
  stdoutBytes: number;
  /** stdout went over the cap (only its head was kept). */
  truncated: boolean;
  /** The last tailBytes of stdout and stderr together, as text. */
  tail: string;
  /** False when the tail shows all the output. */
  tailCut: boolean;
  sandboxed: boolean;
  /** The spawned process (bwrap or sh). */
  pid: number;
  /** Processes of the run still present at the end: empty unless something could not be killed. */
  survivors: number[];
  /** The report file's text (GradingRunRequest.report), or null when the run left none. */
  report: { text: string; truncated: boolean } | null;
  /** The run reached its memory cgroup's cap at least once (a process was refused memory or killed). */
  memoryCapHit: boolean;
}

const DEFAULT_TAIL_BYTES = 4096;
const DEFAULT_KILL_GRACE_MS = 1000;
/** After the command and its strays are gone, how long to wait for the pipes to close. */
const PIPE_CLOSE_WAIT_MS = 2000;

function waitForClose(child: ChildProcess, ms: number): Promise<void> {
  const streams = child.stdio.filter((s): s is Readable => s instanceof Readable);
  return new Promise((resolve) => {
    if (streams.every((s) => s.readableEnded)) return resolve();
    const timer = setTimeout(() => {
      for (const stream of streams) stream.destroy();
      resolve();
    }, ms);
    child.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function runGradingCommand(req: GradingRunRequest): Promise<GradingRunOutcome> {
  const marker = randomUUID();
  const launch = await prepareGradingLaunch(planGradingLaunch(req.sandbox, req.dir, req.command, marker, req.env, req.report ?? null));
  try {
    const outcome = await runLaunch(req, launch, marker);
    return { ...outcome, memoryCapHit: launch.cgroups ? await memoryCapHit(launch.cgroups) : false };
  } finally {
    if (launch.cgroups) await releaseCgroups(launch.cgroups);
  }
}

function runLaunch(req: GradingRunRequest, launch: GradingLaunch, marker: string): Promise<Omit<GradingRunOutcome, 'memoryCapHit'>> {
  const stdout = new OutputCapture(req.outputCapBytes, 0);
  const combined = new OutputCapture(0, req.tailBytes ?? DEFAULT_TAIL_BYTES);
  const reportCap = req.report?.capBytes ?? 0;
  const report = new OutputCapture(reportCap, 0);
  const handsBack = launch.sandboxed && req.report !== undefined;
  const killOptions = { marker: [GRADING_MARKER_VAR, marker] as const, graceMs: req.killGraceMs ?? DEFAULT_KILL_GRACE_MS };

  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      // fd 3 is the helper's (bwrap's options), GRADING_REPORT_FD the report coming back.
      const stdio: Array<'ignore' | 'pipe'> = handsBack ? ['ignore', 'pipe', 'pipe', 'ignore', 'pipe'] : ['ignore', 'pipe', 'pipe'];
      child = spawn(launch.file, launch.args, { cwd: launch.cwd, env: launch.env, detached: true, stdio });
    } catch (err) {
      reject(new VigilError('unavailable', `cannot start the grading command (${launch.file}): ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    let settled = false;
    let timedOut = false;
    let killing: Promise<void> = Promise.resolve();
    let killError: unknown = null;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid === undefined) return;
      killing = killProcessTree(child.pid, killOptions).then(
        () => undefined,
        (err: unknown) => {
          killError = err;
        },
      );
    }, req.timeoutMs);

    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      combined.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => combined.push(chunk));
    const reportStream = handsBack ? child.stdio[GRADING_REPORT_FD] : null;
    if (reportStream && 'on' in reportStream) reportStream.on('data', (chunk: Buffer) => report.push(chunk));

    child.once('error', (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new VigilError('unavailable', `cannot start the grading command (${launch.file}): ${err.message}`));
    });

    child.once('exit', (exitCode, signal) => {
      clearTimeout(timer);
      const pid = child.pid ?? -1;
      void (async () => {
        await killing;
        if (killError !== null) throw killError;
        // Strays: whatever the run started and left behind, found by the marker.
        const sweep = pid > 0 ? await killProcessTree(pid, { ...killOptions, graceMs: 200 }) : { survivors: [] };
        await waitForClose(child, PIPE_CLOSE_WAIT_MS);
        if (settled) return;
        const handed = handsBack && report.totalBytes > 0 ? { text: report.head().toString('utf8'), truncated: report.truncated } : null;
        const left = !launch.sandboxed && req.report ? await readRunFile(join(req.dir, req.report.file), req.report.capBytes) : null;
        if (settled) return;
        settled = true;
        resolve({
          exitCode,
          signal,
          timedOut,
          stdout: stdout.head(),
          stdoutBytes: stdout.totalBytes,
          truncated: stdout.truncated,
          tail: combined.tail(),
          tailCut: !combined.tailIsComplete,
          sandboxed: req.sandbox.kind === 'bubblewrap',
          pid,
          survivors: sweep.survivors,
          report: handed ?? left,
        });
      })().catch((err: unknown) => {
        if (settled) return;
        settled = true;
        reject(new VigilError('internal', `grading run cleanup failed: ${err instanceof Error ? err.message : String(err)}`));
      });
    });
  });
}
