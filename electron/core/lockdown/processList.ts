import { readdir, readFile, readlink } from 'node:fs/promises';
import type { SystemProbe } from './systemProbe.js';

/** One running process, as far as an unprivileged user can see it. */
export interface ProcessInfo {
  pid: number;
  /**
   * The names the executable goes by, lower-cased, without `.exe`: on Linux the kernel's `comm`
   * (cut to 15 characters by the kernel), the base name of argv[0] and, where readable, of
   * /proc/<pid>/exe; elsewhere the base name of the image the OS lists.
   */
  names: string[];
}

/** `Foo.EXE`, `/usr/bin/foo` and `C:\\Apps\\foo.exe` all become `foo`. */
export function normalizeProcessName(name: string): string {
  const base = name.trim().split(/[\\/]/).pop() ?? '';
  return base.toLowerCase().replace(/\.exe$/, '');
}

function namesOf(...candidates: Array<string | null | undefined>): string[] {
  const names = new Set<string>();
  for (const c of candidates) {
    const n = c ? normalizeProcessName(c) : '';
    if (n) names.add(n);
  }
  return [...names];
}

/** Linux: a process from its /proc files; null for zombies (already dead, waiting to be reaped). */
export function processFromProc(pid: number, stat: string | null, cmdline: string | null, exe: string | null): ProcessInfo | null {
  if (stat === null) return null;
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const comm = stat.slice(open + 1, close);
  const state = stat.slice(close + 2, close + 3);
  if (state === 'Z' || state === 'X') return null;
  const argv0 = cmdline?.split('\0')[0] ?? null;
  const names = namesOf(comm, argv0, exe?.replace(/ \(deleted\)$/, ''));
  return names.length > 0 ? { pid, names } : null;
}

/** macOS: `ps -axo pid=,comm=` (comm is the executable's full path). */
export function parsePsOutput(text: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s+(.+?)\s*$/.exec(line);
    if (!match) continue;
    const names = namesOf(match[2]);
    if (names.length > 0) out.push({ pid: Number(match[1]), names });
  }
  return out;
}

/** Windows: `tasklist /fo csv /nh`: "Image Name","PID","Session Name","Session#","Mem Usage". */
export function parseTasklistCsv(text: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^"([^"]*)","(\d+)"/.exec(line.trim());
    if (!match) continue;
    const names = namesOf(match[1]);
    if (names.length > 0) out.push({ pid: Number(match[2]), names });
  }
  return out;
}

async function readOrNull(read: () => Promise<string>): Promise<string | null> {
  try {
    return await read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // The process ended while we looked, or it is not ours to inspect.
    if (code === 'ENOENT' || code === 'ESRCH' || code === 'EACCES' || code === 'EPERM' || code === 'EINVAL') return null;
    throw error;
  }
}

async function listLinuxProcesses(procDir: string): Promise<ProcessInfo[]> {
  const pids = (await readdir(procDir)).filter((e) => /^\d+$/.test(e)).map(Number);
  const found = await Promise.all(
    pids.map(async (pid) => {
      const [stat, cmdline, exe] = await Promise.all([
        readOrNull(() => readFile(`${procDir}/${pid}/stat`, 'utf8')),
        readOrNull(() => readFile(`${procDir}/${pid}/cmdline`, 'utf8')),
        readOrNull(() => readlink(`${procDir}/${pid}/exe`)),
      ]);
      return processFromProc(pid, stat, cmdline, exe);
    }),
  );
  return found.filter((p): p is ProcessInfo => p !== null);
}

/** Every process this user can see. Throws only when the OS's listing itself fails. */
export async function listProcesses(probe: Pick<SystemProbe, 'platform' | 'run'>, opts: { procDir?: string } = {}): Promise<ProcessInfo[]> {
  if (probe.platform === 'linux') return listLinuxProcesses(opts.procDir ?? '/proc');
  if (probe.platform === 'win32') {
    const result = await probe.run('tasklist', ['/fo', 'csv', '/nh']);
    if (!result || result.code !== 0) throw new Error(`tasklist failed: ${result ? result.stderr.trim() || `exit ${result.code}` : 'not found'}`);
    return parseTasklistCsv(result.stdout);
  }
  const result = await probe.run('ps', ['-axo', 'pid=,comm=']);
  if (!result || result.code !== 0) throw new Error(`ps failed: ${result ? result.stderr.trim() || `exit ${result.code}` : 'not found'}`);
  return parsePsOutput(result.stdout);
}
