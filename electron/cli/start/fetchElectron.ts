import { spawn } from 'node:child_process';
import { join } from 'node:path';

export type FetchOutcome = { ok: true } | { ok: false; reason: string };

export interface FetchOptions {
  /** The download is given up (and the child killed) after this long. */
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** Called once if the download is still running after `slowAfterMs`, so a long wait says why. */
  onSlow?: () => void;
  slowAfterMs?: number;
}

/** The first line of what the install script printed, which names the error ("TypeError: fetch failed"). */
function firstLine(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * Runs the electron package's own install script (what `npm install` runs), bounded in time. Its
 * output is captured: on failure only its first line is kept, for the one line `npm start` prints.
 */
export function fetchElectron(packageDir: string, opts: FetchOptions): Promise<FetchOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(packageDir, 'install.js')], { cwd: packageDir, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    const slow = opts.onSlow ? setTimeout(opts.onSlow, opts.slowAfterMs ?? 5000) : null;
    const settle = (outcome: FetchOutcome): void => {
      clearTimeout(timeout);
      if (slow) clearTimeout(slow);
      resolve(outcome);
    };
    child.on('error', (error) => settle({ ok: false, reason: `the download could not start: ${error.message}` }));
    child.on('close', (code, signal) => {
      if (timedOut) return settle({ ok: false, reason: `the download did not finish within ${Math.round(opts.timeoutMs / 1000)} s` });
      if (code === 0) return settle({ ok: true });
      settle({ ok: false, reason: `the download failed: ${firstLine(output) || (signal ? `killed by ${signal}` : `exit code ${code}`)}` });
    });
  });
}
