import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreflightCheck } from '../../../shared/attemptView.js';
import type { Exam } from '../../../shared/exam/examSchema.js';
import { detectSandbox, findExecutable, hostPathDirs, SYSTEM_PATH_DIRS } from '../terminal/sandbox.js';

export interface PreflightInput {
  exam: Exam;
  dataDir: string;
  platform?: NodeJS.Platform;
}

/**
 * The machine checks shown before an exam starts. Each says what was found and what to do. The
 * lockdown work adds its monitors' checks (virtual machine, remote session, displays) here.
 */
export async function runPreflightChecks(input: PreflightInput): Promise<PreflightCheck[]> {
  const checks: PreflightCheck[] = [await checkDataWritable(input.dataDir)];
  if (input.exam.requires.commands.length > 0) checks.push(await checkCommands(input.exam.requires.commands));
  const hasCoding = input.exam.sections.some((s) => s.items.some((i) => i.type === 'coding'));
  if (hasCoding) checks.push(await checkTerminalSandbox(input.platform ?? process.platform));
  return checks;
}

async function checkDataWritable(dataDir: string): Promise<PreflightCheck> {
  const probe = join(dataDir, `.preflight-${randomUUID()}`);
  const base = { id: 'storage', title: 'Answers can be saved on this computer', overridable: false };
  try {
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
