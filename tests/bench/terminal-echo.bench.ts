/**
 * terminal-echo (DESIGN 10): keystroke to echoed character written by xterm, the full path in
 * Chromium (xterm onData -> API request over the host's WebSocket -> pty -> sandboxed bash echo ->
 * output batcher -> event -> xterm write callback). Budgets: p99 <= 16 ms idle, <= 100 ms while
 * `yes` floods another item's terminal; Ctrl-C ends a flood in < 300 ms.
 *
 * Keystrokes go in through xterm's own input path (`term.input`, what a key press triggers) via
 * the `?bench` hook; the time is taken in the page from just before that call to the xterm write
 * callback of the output chunk holding the echoed character.
 *
 * The flood runs in the second coding item's shell while the candidate types in the first (the
 * one on screen): a candidate can only see one question's terminal, and a hidden terminal keeps
 * writing and acknowledging its output (renderer/src/terminal/terminalRegistry.ts).
 */
import type { BenchPage as Page } from './cdpPage.js';
import type { Report } from './run.js';
import { ECHO_ITEM, FLOOD_ITEM, openTerminalPage, percentile } from './terminalPage.js';

const KEYSTROKES = 500;
const WARMUP = 30;

/** Types `count` letters one at a time at a typing cadence; returns each echo's latency in ms. */
async function measureEcho(page: Page, itemId: string, count: number): Promise<number[]> {
  return page.evaluate(
    async ({ id, count }) => {
      const handle = window.__vigilTerminals?.[id];
      if (!handle) throw new Error(`no terminal hook for ${id}`);
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const letters = 'abcdefghijklmnopqrstuvwxyz';
      let waiting: { ch: string; t0: number; resolve: (ms: number) => void } | null = null;
      const stop = handle.onWritten((data, at) => {
        // Output is bytes; the letters are ASCII, one byte each.
        if (waiting && data.includes(waiting.ch.charCodeAt(0))) {
          const w = waiting;
          waiting = null;
          w.resolve(at - w.t0);
        }
      });
      const samples: number[] = [];
      try {
        for (let i = 0; i < count; i++) {
          if (i > 0 && i % 40 === 0) {
            handle.type('\x15'); // Ctrl-U: clear the typed line so readline never redraws a long one
            await sleep(40);
          }
          const ch = letters[i % letters.length] as string;
          const ms = await new Promise<number>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no echo of "${ch}" within 10 s`)), 10_000);
            waiting = {
              ch,
              t0: performance.now(),
              resolve: (v) => {
                clearTimeout(timer);
                resolve(v);
              },
            };
            handle.type(ch);
          });
          samples.push(ms);
          await sleep(8 + (i % 5) * 4); // a fast typist's cadence
        }
      } finally {
        stop();
        handle.type('\x15');
      }
      return samples;
    },
    { id: itemId, count },
  );
}

/** Starts `yes` in the flood terminal and checks output is streaming. */
async function startFlood(page: Page): Promise<number> {
  return page.evaluate(async (id) => {
    const handle = window.__vigilTerminals?.[id];
    if (!handle) throw new Error(`no terminal hook for ${id}`);
    let bytes = 0;
    const stop = handle.onWritten((data) => {
      bytes += data.length;
    });
    handle.type('yes\r');
    await new Promise((r) => setTimeout(r, 1_500));
    stop();
    if (bytes < 100_000) throw new Error(`the flood is not flowing (${bytes} bytes in 1.5 s)`);
    return bytes / 1.5;
  }, FLOOD_ITEM);
}

/** Ctrl-C during the flood: ms from the keystroke to the last output written (quiet for 1 s after). */
async function measureInterrupt(page: Page): Promise<{ ms: number; prompt: boolean }> {
  return page.evaluate(async (id) => {
    const handle = window.__vigilTerminals?.[id];
    if (!handle) throw new Error(`no terminal hook for ${id}`);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let last = performance.now();
    const stop = handle.onWritten((_data, at) => {
      last = at;
    });
    await sleep(500);
    const t0 = performance.now();
    handle.type('\x03');
    while (performance.now() - last < 1_000) await sleep(50);
    stop();
    return { ms: last - t0, prompt: /[#$] ?$/.test(handle.text()) };
  }, FLOOD_ITEM);
}

export async function run(report: Report): Promise<void> {
  const session = await openTerminalPage();
  try {
    const { page, showTerminal } = session;
    // Open the flood shell first (its terminal stays alive off screen), then the typing one.
    await showTerminal(FLOOD_ITEM);
    await showTerminal(ECHO_ITEM);
    const renderer = await page.evaluate((id) => window.__vigilTerminals?.[id]?.renderer() ?? null, ECHO_ITEM);

    await measureEcho(page, ECHO_ITEM, WARMUP);
    const idle = (await measureEcho(page, ECHO_ITEM, KEYSTROKES)).sort((a, b) => a - b);
    report({ name: 'terminal-echo-idle-p50', unit: 'ms', value: percentile(idle, 50), samples: idle.length, renderer });
    report({ name: 'terminal-echo-idle-p99', unit: 'ms', value: percentile(idle, 99), samples: idle.length, budget: 16, renderer });

    const floodRate = await startFlood(page);
    const flood = (await measureEcho(page, ECHO_ITEM, KEYSTROKES)).sort((a, b) => a - b);
    report({ name: 'terminal-echo-flood-p50', unit: 'ms', value: percentile(flood, 50), samples: flood.length, floodBytesPerSecond: Math.round(floodRate) });
    report({ name: 'terminal-echo-flood-p99', unit: 'ms', value: percentile(flood, 99), samples: flood.length, budget: 100, floodBytesPerSecond: Math.round(floodRate) });

    // Ctrl-C where the candidate would press it: in the flooding terminal, on screen.
    await showTerminal(FLOOD_ITEM, { waitForPrompt: false }); // mid-flood: no prompt at the end
    const interrupt = await measureInterrupt(page);
    if (!interrupt.prompt) throw new Error('after Ctrl-C the shell prompt did not come back');
    report({ name: 'terminal-interrupt', unit: 'ms', value: Number(interrupt.ms.toFixed(2)), budget: 300 });
  } finally {
    await session.close();
  }
}
