import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * Runs the desktop app (`electron <repo> <flags>`, as `npm start` always did) in the foreground
 * and resolves with its exit code. Ctrl+C in a terminal reaches Electron directly (same process
 * group); a SIGTERM sent to the launcher alone is passed on.
 */
export function runElectron(binary: string, appDir: string, flags: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [appDir, ...flags], { cwd: appDir, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
    child.on('error', (error) => {
      done();
      reject(new Error(`could not start Electron (${binary}): ${error.message}`));
    });
    child.on('close', (code, signal) => {
      done();
      // Killed by a signal: the shell's convention, 128 + its number.
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
