/**
 * Shared by the terminal benchmarks: a practice exam with two coding items (the demo's, plus a
 * second shell to flood), the headless host with a real sandboxed shell, and the built renderer
 * in Chromium (driven without Playwright: cdpPage.ts) opened with `?bench` (which exposes `window.__vigilTerminals`, see
 * renderer/src/terminal/testHooks.ts). Check-in and start go through the API over the host's
 * WebSocket; the terminals are opened through the UI, by going to their questions.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { VigilApi } from '../../shared/contract.js';
import { DEFAULT_RENDERER_DIR, startHost, WS_PATH, type RunningHost } from '../../electron/host/startHost.js';
import { createClient } from '../../renderer/src/api/client.js';
import { createWsBridge, type WebSocketLike } from '../../renderer/src/api/wsBridge.js';
import { demoExamDir } from '../support/paths.js';
import { openBenchPage, type BenchPage } from './cdpPage.js';

export const ECHO_ITEM = 'sum-function';
export const FLOOD_ITEM = 'flood-shell';

export interface TerminalPage {
  page: BenchPage;
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
  let page: BenchPage | null = null;
  let bridge: ReturnType<typeof createWsBridge> | null = null;
  const close = async () => {
    bridge?.close();
    await page?.close();
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

    const opened = await openBenchPage(`${host.url}?bench`, { width: 1400, height: 1000 }, (message) => process.stderr.write(`bench page error: ${message}\n`));
    page = opened;
    await opened.waitFor('the question screen', () => document.querySelector('[data-screen="question"]') !== null, undefined);

    const showTerminal = async (itemId: string, options: { waitForPrompt?: boolean } = {}) => {
      await opened.click(`nav button[data-item-id="${itemId}"]`);
      await opened.waitFor(`${itemId}'s shell`, (id) => window.__vigilTerminals?.[id]?.phase() === 'running', itemId);
      if (options.waitForPrompt === false) return;
      await opened.waitFor(`${itemId}'s prompt`, (id) => /[#$] ?$/.test(window.__vigilTerminals?.[id]?.text() ?? ''), itemId);
    };
    return { page: opened, api, showTerminal, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Number((sorted[index] ?? Number.NaN).toFixed(2));
}
