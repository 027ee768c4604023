import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';

/**
 * The few ways the lockdown checks look at the machine: run a command, read a small file, test a
 * path, read the environment. Injected so the detection logic is tested on recorded outputs and the
 * live probe only gathers.
 */
export interface CommandResult {
  /** Exit code; null when the command was killed (timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SystemProbe {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** Runs a program without a shell; null when it is not installed or cannot start. */
  run(command: string, args: readonly string[]): Promise<CommandResult | null>;
  /** A small text file, or null when it does not exist or cannot be read. */
  readText(path: string): Promise<string | null>;
  exists(path: string): Promise<boolean>;
}

export interface SystemProbeOptions {
  platform?: NodeJS.Platform;
  env?: Readonly<Record<string, string | undefined>>;
  /** Each command gets this long before it is killed (system_profiler can be slow). */
  timeoutMs?: number;
}

const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

function errorCode(error: unknown): string | number | undefined {
  return (error as { code?: string | number } | null)?.code;
}

export function createSystemProbe(options: SystemProbeOptions = {}): SystemProbe {
  const timeout = options.timeoutMs ?? 5000;
  return {
    platform: options.platform ?? process.platform,
    env: options.env ?? process.env,
    run(command, args) {
      return new Promise((resolve) => {
        execFile(command, [...args], { timeout, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
          if (!error) return resolve({ code: 0, stdout, stderr });
          const code = errorCode(error);
          // Not installed or not runnable: no evidence either way.
          if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOEXEC') return resolve(null);
          resolve({ code: typeof code === 'number' ? code : null, stdout: stdout ?? '', stderr: stderr ?? '' });
        });
      });
    },
    async readText(path) {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EISDIR') return null;
        throw error;
      }
    },
    async exists(path) {
      try {
        await access(path);
        return true;
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ENOENT' || code === 'ENOTDIR') return false;
        // EACCES on the path itself still means something is there.
        if (code === 'EACCES' || code === 'EPERM') return true;
        throw error;
      }
    },
  };
}
