import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Whether Electron's binary is on disk, and if not, why (for the one line `npm start` prints). */
export type ElectronProbe =
  | { kind: 'present'; binary: string }
  /** packageDir: the electron package, whose install script can still fetch the binary; null when the package itself is absent. */
  | { kind: 'missing'; reason: string; packageDir: string | null };

/** The executable inside dist/, as electron's install.js names it, for when path.txt was never written. */
function platformExecutable(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch (error) {
    // No electron package at all (a production install): there is nothing to fetch the binary with.
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return null;
    throw error;
  }
}

/**
 * Finds Electron's binary the way the electron package's index.js does (path.txt, dist/, and
 * Electron's own ELECTRON_OVERRIDE_DIST_PATH), without requiring 'electron': that would start the
 * download, and without a network it throws.
 */
export function probeElectron(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): ElectronProbe {
  const packageDir = electronPackageDir();
  if (!packageDir) return { kind: 'missing', reason: 'the electron package is not installed', packageDir: null };
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = join(override, executable ?? platformExecutable(platform));
    return existsSync(binary) ? { kind: 'present', binary } : { kind: 'missing', reason: `no Electron binary at ${binary} (ELECTRON_OVERRIDE_DIST_PATH)`, packageDir };
  }
  if (!executable) return { kind: 'missing', reason: 'its binary was never downloaded', packageDir };
  const binary = join(packageDir, 'dist', executable);
  return existsSync(binary) ? { kind: 'present', binary } : { kind: 'missing', reason: `its binary is missing (${binary})`, packageDir };
}
