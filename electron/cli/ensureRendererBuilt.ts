import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** One build output and the source folders (relative to the repository) it is made from. */
interface BuildOutput {
  file: string;
  sources: string[];
}

/**
 * Runs `electron-vite build` when any output is missing or older than its sources, so a fresh
 * clone runs the current code without a separate build step. Build output goes to `log` (stderr):
 * stdout stays the command's own lines. Outside a source checkout nothing happens.
 */
function ensureBuilt(repoRoot: string, outputs: BuildOutput[], log: (line: string) => void, what: string): void {
  const config = join(repoRoot, 'electron.vite.config.ts');
  const sources = [...new Set(outputs.flatMap((o) => o.sources))].map((s) => join(repoRoot, s));
  if (!existsSync(config) || !sources.every((d) => existsSync(d))) return;
  const stale = outputs.some(({ file, sources: from }) => {
    if (!existsSync(file)) return true;
    const built = statSync(file).mtimeMs;
    return [config, ...from.map((s) => join(repoRoot, s))].some((s) => newestMtime(s) > built);
  });
  if (!stale) return;
  log(`vigil: building ${what} (first run or sources changed)…`);
  execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: repoRoot,
    stdio: ['ignore', process.stderr, process.stderr],
  });
}

/** What `vigil serve` and `vigil hub` need: the renderer in rendererDir. */
export function ensureRendererBuilt(repoRoot: string, rendererDir: string, log: (line: string) => void): void {
  ensureBuilt(repoRoot, [{ file: join(rendererDir, 'index.html'), sources: ['renderer', 'shared'] }], log, 'the renderer');
}

/** What the desktop app needs: main, preload and renderer under out/. */
export function ensureAppBuilt(repoRoot: string, log: (line: string) => void): void {
  const out = join(repoRoot, 'out');
  ensureBuilt(
    repoRoot,
    [
      { file: join(out, 'main', 'index.js'), sources: ['electron', 'shared'] },
      { file: join(out, 'preload', 'index.cjs'), sources: ['electron/preload', 'shared'] },
      { file: join(out, 'renderer', 'index.html'), sources: ['renderer', 'shared'] },
    ],
    log,
    'the app',
  );
}
