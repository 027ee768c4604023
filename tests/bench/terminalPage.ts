/**
 * Shared by the terminal benchmarks: a practice exam with two coding items (the demo's, plus a
 * second shell to flood), the headless host with a real sandboxed shell, and the built renderer
 * in Chromium opened with `?bench` (which exposes `window.__vigilTerminals`, see
 * renderer/src/terminal/testHooks.ts). Check-in and start go through the API over the host's
 * WebSocket; the terminals are opened through the UI, by going to their questions.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';
import type { VigilApi } from '../../shared/contract.js';
import { DEFAULT_RENDERER_DIR, startHost, WS_PATH, type RunningHost } from '../../electron/host/startHost.js';
import { createClient } from '../../renderer/src/api/client.js';
import { createWsBridge, type WebSocketLike } from '../../renderer/src/api/wsBridge.js';
import { CHROMIUM_FLAGS, requireChromium } from '../e2e/harness.js';
import { demoExamDir } from '../support/paths.js';

export const ECHO_ITEM = 'sum-function';
export const FLOOD_ITEM = 'flood-shell';

export interface TerminalPage {
  page: Page;
  api: VigilApi;
  /** Goes to a coding item's question (through the navigator) and waits for its shell (and prompt). */
  showTerminal(itemId: string, options?: { waitForPrompt?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** The demo exam plus a second coding item on the same task (and so the same points and weighted tests), an hour long. */
async function writeBenchExam(dir: string): Promise<void> {
  await cp(demoExamDir, dir, { recursive: true });
  const exam = JSON.parse(await readFile(join(dir, 'exam.json'), 'utf8')) as {
    timing: { durationMinutes: number };
    sections: Array<{ items: Array<Record<string, unknown>> }>;
  };
  exam.timing.durationMinutes = 60;
  const last = exam.sections[exam.sections.length - 1];
  if (!last) throw new Error('the demo exam has no sections');
  last.items.push({ id: FLOOD_ITEM, type: 'coding', prompt: 'A second shell for the benchmarks.', points: 2, skills: ['coding'], task: 'tasks/sum', testCommand: 'node --test' });
  await writeFile(join(dir, 'exam.json'), JSON.stringify(exam, null, 2));
  const key = JSON.parse(await readFile(join(dir, 'key.json'), 'utf8')) as { items: Record<string, unknown> };
  key.items[FLOOD_ITEM] = key.items[ECHO_ITEM];
  await writeFile(join(dir, 'key.json'), JSON.stringify(key, null, 2));
}

export async function openTerminalPage(): Promise<TerminalPage> {
  if (!existsSync(join(DEFAULT_RENDERER_DIR, 'index.html'))) throw new Error('The renderer is not built: run `npx electron-vite build` first.');
  const root = await mkdtemp(join(tmpdir(), 'vigil-bench-term-'));
  const examDir = join(root, 'exam');
  await writeBenchExam(examDir);
  let host: RunningHost | null = null;
  let browser: Browser | null = null;
  let bridge: ReturnType<typeof createWsBridge> | null = null;
  const close = async () => {
    bridge?.close();
    await browser?.close();
    await host?.close();
    await rm(root, { recursive: true, force: true });
  };
  try {
    host = await startHost({ examDir, dataDir: join(root, 'data') });
    const origin = host.url.slice(0, -1);
    bridge = createWsBridge(`${origin.replace('http', 'ws')}${WS_PATH}`, (url) => new WebSocket(url, { origin }) as unknown as WebSocketLike);
    const api = createClient(bridge);
    await api.checkIn({ candidateId: 'bench-1', candidateName: 'Bench Candidate' });
    await api.completePreflight({});
    await api.startAttempt({});

    browser = await chromium.launch({ executablePath: requireChromium(), headless: true, args: CHROMIUM_FLAGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => process.stderr.write(`bench page error: ${e.message}\n`));
    // tsx compiles this file with esbuild's keepNames, which wraps the functions passed to
    // page.evaluate in a `__name(...)` helper that only exists in Node: give the page a no-op one.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.goto(`${host.url}?bench`);
    await page.locator('[data-screen="question"]').waitFor({ timeout: 30_000 });

    const showTerminal = async (itemId: string, options: { waitForPrompt?: boolean } = {}) => {
      await page.locator(`nav button[data-item-id="${itemId}"]`).click();
      await page.waitForFunction((id) => window.__vigilTerminals?.[id]?.phase() === 'running', itemId, { timeout: 30_000 });
      if (options.waitForPrompt === false) return;
      await page.waitForFunction((id) => /[#$] ?$/.test(window.__vigilTerminals?.[id]?.text() ?? ''), itemId, { timeout: 30_000 });
    };
    return { page, api, showTerminal, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Number((sorted[index] ?? Number.NaN).toFixed(2));
}
