import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureAppBuilt, ensureRendererBuilt } from '../../../../electron/cli/ensureRendererBuilt.js';

/**
 * A checkout with sources and build outputs at chosen times. The checkout has no electron-vite, so
 * a build that starts fails at once: its log line says a build was due, the throw that it ran.
 */
describe('ensureAppBuilt / ensureRendererBuilt', () => {
  let repo: string;
  const old = new Date('2026-01-01T00:00:00Z');
  const newer = new Date('2026-06-01T00:00:00Z');
  async function file(rel: string, at: Date): Promise<void> {
    const path = join(repo, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, rel);
    await utimes(path, at, at);
  }
  beforeEach(async () => {
    repo = await mkdtemp(join(tmpdir(), 'vigil-ensure-built-'));
    await file('electron.vite.config.ts', old);
    for (const source of ['electron/main/index.ts', 'electron/preload/index.ts', 'shared/x.ts', 'renderer/main.tsx']) await file(source, old);
    for (const output of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) await file(output, newer);
  });
  afterEach(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  it('does nothing when every output is newer than its sources', () => {
    const log: string[] = [];
    ensureAppBuilt(repo, (l) => log.push(l));
    ensureRendererBuilt(repo, join(repo, 'out', 'renderer'), (l) => log.push(l));
    expect(log).toEqual([]);
  });

  it('builds the app when main, preload or the renderer is missing or stale', async () => {
    await file('electron/main/index.ts', new Date('2026-07-01T00:00:00Z'));
    const log: string[] = [];
    expect(() => ensureAppBuilt(repo, (l) => log.push(l))).toThrow();
    expect(log).toEqual(['vigil: building the app (first run or sources changed)…']);
    // The renderer alone does not depend on electron/: `vigil serve` does not rebuild for it.
    ensureRendererBuilt(repo, join(repo, 'out', 'renderer'), (l) => log.push(l));
    expect(log).toHaveLength(1);
    await rm(join(repo, 'out', 'preload'), { recursive: true });
    await file('electron/main/index.ts', old);
    expect(() => ensureAppBuilt(repo, (l) => log.push(l))).toThrow();
    expect(log).toHaveLength(2);
  });
});
