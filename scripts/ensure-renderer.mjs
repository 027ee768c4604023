// Before `npm run vigil`: build the app when out/ is missing or older than the sources, so
// `vigil serve` on a fresh clone serves the current renderer without a separate build step.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const built = join(root, 'out', 'renderer', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const sourcesChanged = () => Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'shared'))) > statSync(built).mtimeMs;

if (!existsSync(built) || sourcesChanged()) {
  process.stderr.write('vigil: building the renderer (first run or sources changed)…\n');
  execSync('npx electron-vite build', { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
}
