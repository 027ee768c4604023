import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreflightCheck } from '../../../shared/attemptView.js';
import type { Exam } from '../../../shared/exam/examSchema.js';
import { policySchema, type Policy } from '../../../shared/exam/policy.js';
import type { ProcessInfo } from '../lockdown/processList.js';
import { createSystemProbe, type SystemProbe } from '../lockdown/systemProbe.js';
import { detectSandbox, findExecutable, hostPathDirs, SYSTEM_PATH_DIRS } from '../terminal/sandbox.js';
import { runLockdownChecks } from './lockdownChecks.js';

export interface PreflightInput {
  /** The exam; without one (`vigil preflight` with no --exam) the default policy applies. */
  exam?: Exam;
  dataDir: string;
  platform?: NodeJS.Platform;
  /** The hub's per-attempt policy, when it overrides the exam's. */
  policy?: Policy;
  /** Connected displays; main passes Electron's count. Without it there is no display check. */
  displays?: number;
  /** How the machine is inspected (tests pass recorded outputs); a live probe by default. */
  probe?: SystemProbe;
  listProcesses?: () => Promise<ProcessInfo[]>;
  /** Processes never reported as prohibited (this app and its helpers). */
  ignorePids?: ReadonlySet<number>;
}

/**
 * The machine checks shown before an exam starts (and by `vigil preflight`). Each says what was
 * found and what to do: storage, the exam's tools and terminal sandbox, then the lockdown checks
 * (virtual machine, remote session, prohibited programs, displays) under the exam's policy.
 */
export async function runPreflightChecks(input: PreflightInput): Promise<PreflightCheck[]> {
  const platform = input.platform ?? input.probe?.platform ?? process.platform;
  const checks: PreflightCheck[] = [await checkDataWritable(input.dataDir)];
  const exam = input.exam;
  if (exam && exam.requires.commands.length > 0) checks.push(await checkCommands(exam.requires.commands));
  const hasCoding = exam?.sections.some((s) => s.items.some((i) => i.type === 'coding')) ?? false;
  if (hasCoding) checks.push(await checkTerminalSandbox(platform));
  const policy = input.policy ?? exam?.policy ?? policySchema.parse({});
  checks.push(
    ...(await runLockdownChecks({
      policy,
      probe: input.probe ?? createSystemProbe({ platform }),
      displays: input.displays,
      listProcesses: input.listProcesses,
      ignorePids: input.ignorePids ?? new Set([process.pid, process.ppid]),
    })),
  );
  return checks;
}

async function checkDataWritable(dataDir: string): Promise<PreflightCheck> {
  const probe = join(dataDir, `.preflight-${randomUUID()}`);
  const base = { id: 'storage', title: 'Answers can be saved on this computer', overridable: false };
  try {
    // The app creates its data folder on first start; the check must not fail before that.
    await mkdir(dataDir, { recursive: true });
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
    return { ...base, status: 'pass', detail: `Answers are saved in ${dataDir}.` };
  } catch (error) {
    return { ...base, status: 'fail', detail: `Cannot write to ${dataDir} (${(error as Error).message}). Free disk space or ask the proctor for another computer.` };
  }
}

async function checkCommands(commands: string[]): Promise<PreflightCheck> {
  const dirs = [...new Set([...hostPathDirs(), ...SYSTEM_PATH_DIRS])];
  const missing: string[] = [];
  for (const command of commands) if (!(await findExecutable(command, dirs))) missing.push(command);
  const base = { id: 'commands', title: 'Tools the exam needs are installed', overridable: true };
  return missing.length === 0
    ? { ...base, status: 'pass', detail: `Found ${commands.join(', ')}.` }
    : { ...base, status: 'fail', detail: `Missing ${missing.join(', ')}. Coding tasks need them: ask the proctor to install them or to move you to another computer.` };
}

async function checkTerminalSandbox(platform: NodeJS.Platform): Promise<PreflightCheck> {
  const sandbox = await detectSandbox({ platform });
  const base = { id: 'terminal-sandbox', title: 'The coding terminal can be sandboxed', overridable: true };
  if (sandbox.available) return { ...base, status: 'pass', detail: `Sandboxed with ${sandbox.detail}.` };
  if (platform !== 'linux') return { ...base, status: 'warn', detail: `${sandbox.detail}.` };
  return { ...base, status: 'fail', detail: `${sandbox.detail}. Ask the proctor: they can install it or allow the exam to continue without it.` };
}
