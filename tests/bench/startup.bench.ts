/**
 * startup (DESIGN 10): host start to interactive first screen <= 1.5 s; bundle evaluation <= 100 ms.
 *
 * - `startup-interactive`: from calling startHost (package load, data folder, server listening) to
 *   the check-in form's first input being visible and enabled in Chromium, in a fresh browser
 *   context (cold HTTP cache). The browser itself is launched once beforehand: its own start-up is
 *   not Vigil's. Median of 5 runs after one warm-up run.
 * - `startup-renderer-eval`: in the same runs, from the moment the main renderer bundle finished
 *   downloading (its resource timing `responseEnd`) to the app's first React commit
 *   (`performance.mark('vigil:first-render')`): parsing and evaluating the bundle plus the first
 *   render; `modulesMs` is the part before main.tsx starts (`vigil:main-start`): the modules
 *   alone. The Electron main bundle cannot be imported without Electron, so this is the bundle
 *   evaluation measured where it can be: the renderer's, in the page.
 * - `startup-renderer-bundle`: size of the JavaScript the first screen loads (kB), for context.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startHost } from '../../electron/host/startHost.js';
import { CHROMIUM_FLAGS, requireChromium } from '../e2e/harness.js';
import { demoExamDir, repoRoot } from '../support/paths.js';
import type { Report } from './run.js';

const RUNS = 5;
const FIRST_RENDER_MARK = 'vigil:first-render';
const MAIN_START_MARK = 'vigil:main-start';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return Number(m.toFixed(1));
}

/** Bytes of the scripts index.html loads directly (the lazy chunks load later). */
async function firstScreenBundleKb(): Promise<number> {
  const dir = join(repoRoot, 'out', 'renderer');
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1] as string);
  let bytes = 0;
  for (const s of scripts) bytes += (await stat(join(dir, s))).size;
  if (bytes === 0) bytes = (await Promise.all((await readdir(join(dir, 'assets'))).filter((f) => f.startsWith('index-') && f.endsWith('.js')).map((f) => stat(join(dir, 'assets', f))))).reduce((n, s) => n + s.size, 0);
  return Number((bytes / 1024).toFixed(1));
}

export async function run(report: Report): Promise<void> {
  const browser = await chromium.launch({ executablePath: requireChromium(), headless: true, args: CHROMIUM_FLAGS });
  const interactive: number[] = [];
  const evaluation: number[] = [];
  const modules: number[] = [];
  try {
    for (let i = 0; i <= RUNS; i++) {
      const dataDir = await mkdtemp(join(tmpdir(), 'vigil-startup-'));
      const context = await browser.newContext();
      const started = performance.now();
      const host = await startHost({ examDir: demoExamDir, dataDir });
      try {
        const page = await context.newPage();
        await page.goto(host.url);
        const input = page.getByLabel('Candidate id');
        await input.waitFor({ state: 'visible', timeout: 30_000 });
        if (!(await input.isEnabled())) throw new Error('startup bench: the check-in input is not enabled');
        const elapsed = performance.now() - started;
        const timing = await page.evaluate(
          ([renderMark, mainMark]) => {
            const rendered = performance.getEntriesByName(renderMark)[0];
            const main = performance.getEntriesByName(mainMark)[0];
            const bundle = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => e.initiatorType === 'script' && /\/assets\/index-[^/]*\.js$/.test(e.name));
            if (!rendered || !main || !bundle) return null;
            return { total: rendered.startTime - bundle.responseEnd, modules: main.startTime - bundle.responseEnd };
          },
          [FIRST_RENDER_MARK, MAIN_START_MARK] as const,
        );
        if (!timing) throw new Error('startup bench: no first-render mark or bundle timing in the page (is the renderer built?)');
        if (i > 0) {
          interactive.push(elapsed);
          evaluation.push(timing.total);
          modules.push(timing.modules);
        }
      } finally {
        await context.close();
        await host.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  report({ name: 'startup-interactive', unit: 'ms', value: median(interactive), runs: interactive.map((v) => Number(v.toFixed(1))) });
  report({
    name: 'startup-renderer-eval',
    unit: 'ms',
    value: median(evaluation),
    runs: evaluation.map((v) => Number(v.toFixed(1))),
    // Of which: parsing and evaluating the bundle's modules, before main.tsx runs (then: the first render).
    modulesMs: median(modules),
  });
  report({ name: 'startup-renderer-bundle', unit: 'kB', value: await firstScreenBundleKb() });
}
