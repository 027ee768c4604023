import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { VigilError } from '../../../shared/errors.js';
import { createPtySession } from '../../../electron/core/terminal/ptySession.js';
import type { PtySessionOptions, TerminalSession } from '../../../electron/core/terminal/terminalTypes.js';

/** A shell under test plus everything it reported. */
export interface ShellUnderTest {
  session: TerminalSession;
  /** All output so far. */
  output(): string;
  /** Output received since the last `mark()`. */
  sinceMark(): string;
  mark(): void;
  exits: Array<[number | null, number | null]>;
  errors: VigilError[];
  /** Runs a command line and waits for `expect` (a string or pattern) in the output after it. */
  run(line: string, expect: string | RegExp, timeoutMs?: number): Promise<string>;
  waitFor(expect: string | RegExp, timeoutMs?: number): Promise<string>;
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function waitUntil(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export type ShellOptions = Partial<Omit<PtySessionOptions, 'onData' | 'onExit' | 'onError'>> & {
  cwd: string;
  /** Acknowledge output as it arrives, like a renderer that keeps up. Default true. */
  autoAck?: boolean;
  /** Each output chunk as it came, bytes. */
  onChunk?: (chunk: Buffer) => void;
};

export async function openShell(options: ShellOptions): Promise<ShellUnderTest> {
  let all = '';
  let markAt = 0;
  const exits: Array<[number | null, number | null]> = [];
  const errors: VigilError[] = [];
  const autoAck = options.autoAck ?? true;
  let session: TerminalSession | null = null;
  let pendingAck = 0;
  // The app sends bytes; the test reads text, decoded as xterm would (a character split across two chunks kept whole).
  const decoder = new StringDecoder('utf8');
  session = await createPtySession({
    id: 'item',
    cols: 80,
    rows: 24,
    sandbox: { enabled: false, network: false },
    ...options,
    onData: (chunk) => {
      all += decoder.write(chunk);
      options.onChunk?.(chunk);
      if (autoAck) {
        pendingAck += chunk.length;
        // queueMicrotask: onData may run inside createPtySession before `session` is assigned.
        queueMicrotask(() => {
          if (session && pendingAck > 0) {
            session.ack(pendingAck);
            pendingAck = 0;
          }
        });
      }
    },
    onExit: (code, signal) => exits.push([code, signal]),
    onError: (error) => errors.push(error),
  });
  const s = session;
  const waitFor = async (expect: string | RegExp, timeoutMs = 10_000) => {
    const hit = () => {
      const text = all.slice(markAt);
      return typeof expect === 'string' ? text.includes(expect) : expect.test(text);
    };
    await waitUntil(hit, `${String(expect)} in terminal output; got: ${JSON.stringify(all.slice(markAt).slice(-500))}`, timeoutMs);
    return all.slice(markAt);
  };
  return {
    session: s,
    output: () => all,
    sinceMark: () => all.slice(markAt),
    mark: () => {
      markAt = all.length;
    },
    exits,
    errors,
    waitFor,
    run: async (line, expect, timeoutMs) => {
      markAt = all.length;
      s.write(`${line}\r`);
      return waitFor(expect, timeoutMs);
    },
  };
}

/** Host pids whose command line contains `needle` (e.g. a unique `sleep 1000.123`). */
export function pidsByCmdline(needle: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ESRCH') continue;
      throw err;
    }
    if (cmdline.includes(needle) && Number(name) !== process.pid) out.push(Number(name));
  }
  return out;
}

/** process.kill(pid, 0) throws ESRCH: no such process (not even a zombie). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** Fails (never skips) when a tool CI installs is missing here. */
export function requireTool(command: string, args: string[], installHint: string): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`${command} is required for this test but cannot run (${(err as Error).message.split('\n')[0]}): ${installHint}`, { cause: err });
  }
}

export async function makeDirs(...dirs: string[]): Promise<void> {
  for (const d of dirs) await mkdir(d, { recursive: true });
}
