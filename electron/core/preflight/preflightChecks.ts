import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreflightCheck } from '../../../shared/attemptView.js';
import type { Exam, Language } from '../../../shared/exam/examSchema.js';
import { LANGUAGE_TITLES, LANGUAGE_TOOLCHAINS } from '../../../shared/exam/languages.js';
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
  const languages = exam ? await checkLanguages(exam, (command) => commandFound(command)) : null;
  if (languages) checks.push(languages);
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

/**
 * The offered languages whose whole toolchain this computer has, as the language check judges
 * them: the candidate's language choice offers only these.
 */
export async function installedLanguages(exam: Pick<Exam, 'sections'>, found: (command: string) => Promise<boolean> = commandFound): Promise<Language[]> {
  const offered = new Set(exam.sections.flatMap((s) => s.items.flatMap((i) => (i.type === 'coding' ? (i.languages ?? []) : []))));
  const installed: Language[] = [];
  for (const language of offered) {
    let all = true;
    for (const command of LANGUAGE_TOOLCHAINS[language]) if (!(await found(command))) all = false;
    if (all) installed.push(language);
  }
  return installed;
}

async function commandFound(command: string): Promise<boolean> {
  return (await findExecutable(command, [...new Set([...hostPathDirs(), ...SYSTEM_PATH_DIRS])])) !== null;
}

/**
 * The toolchain of every language the exam's coding items offer (DESIGN 13): node, python3,
 * java and javac. A language whose tools are missing is not offered; an item left with no
 * language fails the check. Null when no item offers languages.
 */
export async function checkLanguages(exam: Pick<Exam, 'sections'>, found: (command: string) => Promise<boolean>): Promise<PreflightCheck | null> {
  const offered = new Set(exam.sections.flatMap((s) => s.items.flatMap((i) => (i.type === 'coding' ? (i.languages ?? []) : []))));
  if (offered.size === 0) return null;
  const missing = new Map<Language, string[]>();
  for (const language of offered) {
    const absent: string[] = [];
    for (const command of LANGUAGE_TOOLCHAINS[language]) if (!(await found(command))) absent.push(command);
    if (absent.length > 0) missing.set(language, absent);
  }
  const stranded = exam.sections.flatMap((s) => s.items.filter((i) => i.type === 'coding' && i.languages && i.languages.every((l) => missing.has(l))).map((i) => i.id));
  const base = { id: 'languages', title: 'The programming languages of the coding tasks are installed', overridable: true };
  const missingText = [...missing].map(([l, cmds]) => `${LANGUAGE_TITLES[l]} (missing ${cmds.join(', ')})`).join('; ');
  if (stranded.length > 0) {
    return { ...base, status: 'fail', detail: `No offered language is installed for ${stranded.join(', ')}: ${missingText}. Ask the proctor to install one or to move you to another computer.` };
  }
  if (missing.size > 0) return { ...base, status: 'warn', detail: `Not offered on this computer: ${missingText}. The other languages are.` };
  return { ...base, status: 'pass', detail: `Found ${[...offered].map((l) => LANGUAGE_TITLES[l]).join(', ')}.` };
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
