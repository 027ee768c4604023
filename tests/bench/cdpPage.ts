/**
 * A Chromium page driven over the DevTools protocol with only the domains a measurement needs
 * (Runtime, Page, Emulation, Profiler), for the terminal benchmarks.
 *
 * Why not Playwright here: Playwright enables the Network domain on every page it drives, and then
 * Chromium copies every WebSocket frame the page sends or receives, base64-encoded, over the
 * DevTools pipe to the driving process (`Network.webSocketFrameReceived`). For the terminal that
 * is every 64 KiB output frame and every ack: in a trace of the shell run the browser process's
 * main thread handled 4,527 such notifications (1.1 s) and the page's WebSocket receive cost a
 * third more, and the bench process that parsed them is the one the headless host runs in. The
 * candidate's page (Electron, or `vigil start`'s Chromium) has no DevTools attached, so the
 * benchmarks drive Chromium through `--remote-debugging-pipe` (tests/support/cdp.ts) and never
 * enable Network.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { attachPage, cdpOverPipe, type CdpConnection, type CdpPage } from '../support/cdp.js';
import { CHROMIUM_FLAGS, requireChromium } from '../e2e/harness.js';

export interface BenchPage extends CdpPage {
  /** The browser-level connection (Tracing lives there, not on the page). */
  browser: CdpConnection;
  close(): Promise<void>;
}

/** A benchmark's evaluation may await a whole run in the page, which bounds itself at 10 minutes. */
const EVALUATE_TIMEOUT_MS = 11 * 60_000;

/**
 * Launches headless Chromium with the flags every Vigil Chromium has, opens `url` at the given
 * viewport and returns once its document has loaded. Uncaught page errors go to `onError`.
 */
export async function openBenchPage(url: string, viewport: { width: number; height: number }, onError: (message: string) => void): Promise<BenchPage> {
  const profileDir = await mkdtemp(join(tmpdir(), 'vigil-bench-chromium-'));
  // fd 3: the browser reads commands; fd 4: it writes replies and events.
  const child: ChildProcess = spawn(requireChromium(), [...CHROMIUM_FLAGS, '--headless', `--user-data-dir=${profileDir}`, '--remote-debugging-pipe', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => {
    stderr.push(d.toString('utf8'));
    if (stderr.length > 50) stderr.shift();
  });
  const cdp = cdpOverPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
  let exited = false;
  child.on('exit', (code, signal) => {
    exited = true;
    cdp.fail(new Error(`Chromium exited (${code ?? signal}): ${stderr.join('').slice(-2000)}`));
  });

  const close = async () => {
    if (!exited) {
      await cdp.send('Browser.close').catch((error: unknown) => process.stderr.write(`bench: Browser.close: ${String(error)}\n`));
      if (!exited) await new Promise((resolve) => child.once('exit', resolve));
    }
    await rm(profileDir, { recursive: true, force: true });
  };

  try {
    const { targetId } = (await cdp.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const page = await attachPage(cdp, targetId, onError, { evaluateTimeoutMs: EVALUATE_TIMEOUT_MS });
    await page.send('Page.enable');
    await page.send('Emulation.setDeviceMetricsOverride', { width: viewport.width, height: viewport.height, deviceScaleFactor: 1, mobile: false });
    const loaded = new Promise<void>((resolve) => {
      const stop = cdp.onEvent((message) => {
        if (message.method !== 'Page.loadEventFired') return;
        stop();
        resolve();
      });
    });
    await page.send('Page.navigate', { url });
    await loaded;
    return { ...page, browser: cdp, close };
  } catch (error) {
    await close();
    throw error;
  }
}
