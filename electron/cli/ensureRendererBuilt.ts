import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * In a source checkout, `vigil serve` builds the renderer when out/ is missing or older than the
 * sources, so a fresh clone serves the current UI without a separate build step. Build output goes
 * to stderr: stdout stays `listening on <url>` only. Outside a checkout (no sources) nothing happens.
 */
export function ensureRendererBuilt(repoRoot: string, rendererDir: string, log: (line: string) => void): void {
  const sources = [join(repoRoot, 'renderer'), join(repoRoot, 'shared')];
  const config = join(repoRoot, 'electron.vite.config.ts');
  if (!existsSync(config) || !sources.every((d) => existsSync(d))) return;
  const built = join(rendererDir, 'index.html');
  const stale = !existsSync(built) || Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
  if (!stale) return;
  log('vigil: building the renderer (first run or sources changed)…');
  execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: repoRoot,
    stdio: ['ignore', process.stderr, process.stderr],
  });
}
