import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../support/paths.js';

/**
 * The items of Electron's security checklist that are about what the code never does, checked on
 * the source (https://www.electronjs.org/docs/latest/tutorial/security). The items that are
 * behaviour (window options, handlers, permissions) have their own tests beside their modules.
 */
function sources(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const entry of readdirSync(join(repoRoot, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ts|tsx|mjs|js)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({ path: relative(repoRoot, path), text: readFileSync(path, 'utf8') });
  }
  return out;
}

const app = [...sources('electron'), ...sources('renderer/src')];
const offenders = (pattern: RegExp) => app.filter((f) => pattern.test(f.text)).map((f) => f.path);

describe('Electron security checklist, on the source', () => {
  it('never opens external content with shell.openExternal', () => {
    expect(offenders(/openExternal\s*\(/)).toEqual([]);
  });

  it('never uses the remote module', () => {
    expect(offenders(/@electron\/remote|enableRemoteModule/)).toEqual([]);
  });

  it('never weakens a renderer', () => {
    expect(offenders(/nodeIntegration(InWorker|InSubFrames)?\s*:\s*true|contextIsolation\s*:\s*false|sandbox\s*:\s*false|webSecurity\s*:\s*false|allowRunningInsecureContent\s*:\s*true|experimentalFeatures\s*:\s*true|enableBlinkFeatures|webviewTag\s*:\s*true|allowpopups/)).toEqual([]);
  });

  it('never loads file:// pages: the renderer is served from app://', () => {
    expect(offenders(/\.loadFile\s*\(|loadURL\(\s*['"`]file:/)).toEqual([]);
  });

  it('creates windows in one place, with the hardened options', () => {
    expect(offenders(/new\s+BrowserWindow\s*\(/)).toEqual(['electron/main/window.ts']);
    expect(offenders(/new\s+BrowserView\s*\(|new\s+WebContentsView\s*\(/)).toEqual([]);
  });

  it('never hands ipcRenderer to the page', () => {
    const preload = sources('electron/preload');
    expect(preload.filter((f) => /exposeInMainWorld\([^)]*ipcRenderer/.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('sandboxes every renderer, takes the single-instance lock and sets the restricted menu (composition root)', () => {
    const index = readFileSync(join(repoRoot, 'electron', 'main', 'index.ts'), 'utf8');
    const ready = index.indexOf('await app.whenReady()');
    for (const beforeReady of ['registerAppScheme(protocol)', 'app.enableSandbox()', 'app.requestSingleInstanceLock()']) {
      expect(index.indexOf(beforeReady), beforeReady).toBeGreaterThan(-1);
      expect(index.indexOf(beforeReady), `${beforeReady} runs before ready`).toBeLessThan(ready);
    }
    expect(index).toContain('Menu.setApplicationMenu(menu ? Menu.buildFromTemplate(menu) : null)');
    expect(index).toContain('hardenApp(');
  });
});
