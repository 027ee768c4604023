import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appModeArgs } from './chromium.js';

export interface RunningChromium {
  profileDir: string;
  /** Settles when Chromium exits on its own or is closed: its exit code and the start of what it printed. */
  exited: Promise<ChromiumExit>;
  /** Ends Chromium (SIGTERM, then SIGKILL if it lingers) and removes its temporary profile. */
  close(): Promise<void>;
}

const KILL_AFTER_MS = 5000;
/** Why Chromium stops is said near the start of its output; the rest is kept out of memory. */
const KEPT_CHARS = 16_000;

export interface ChromiumExit {
  code: number | null;
  stderr: string;
  /** It could not be started at all. */
  error?: string;
}

/** Starts Chromium on `url` in app mode with a fresh profile under the temp folder. */
export async function launchChromium(binary: string, url: string, opts: { root: boolean; headless: boolean }): Promise<RunningChromium> {
  const profileDir = await mkdtemp(join(tmpdir(), 'vigil-chromium-'));
  // Chromium's own chatter (D-Bus, GPU, updater) would bury Vigil's lines: kept for an error message only.
  const child = spawn(binary, appModeArgs(url, { profileDir, ...opts }), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < KEPT_CHARS) stderr += d.toString();
  });
  const exited = new Promise<ChromiumExit>((resolve) => {
    child.on('error', (error) => resolve({ code: null, stderr, error: error.message }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
  let closing: Promise<void> | null = null;
  return {
    profileDir,
    exited,
    close() {
      closing ??= (async () => {
        if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
          await exited;
          clearTimeout(timer);
        }
        // Chromium's helper processes may still be letting go of files for a moment after it exits.
        await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      })();
      return closing;
    },
  };
}

/**
 * The line of Chromium's stderr that says why it stopped: its own log lines without their
 * `[pid:tid:time:LEVEL:file:line]` prefix, skipping the D-Bus and zygote noise every start prints.
 */
export function chromiumError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => /^\[[^\]]*:(?:ERROR|FATAL):[^\]]*\]\s*(.*)$/.exec(l.trim())?.[1] ?? '')
    .filter((l) => l.length > 0 && !/dbus|D-Bus|zygote/i.test(l));
  return lines[0] ?? '';
}
