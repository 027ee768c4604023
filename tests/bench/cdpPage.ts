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
 * benchmarks drive Chromium through `--remote-debugging-pipe` and never enable Network.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM_FLAGS, requireChromium } from '../e2e/harness.js';

interface CdpReply {
  id?: number;
  method?: string;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
  params?: Record<string, unknown>;
}

interface EvaluateResult {
  result: { value?: unknown };
  exceptionDetails?: { text: string; exception?: { description?: string } };
}

export interface BenchPage {
  /** Runs `fn(arg)` in the page (awaiting a promise it returns); the result comes back as JSON. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Polls `fn(arg)` every 50 ms until it is truthy; fails after `timeoutMs` naming `what`. */
  waitFor<A>(what: string, fn: (arg: A) => unknown, arg: A, timeoutMs?: number): Promise<void>;
  /** Clicks the first element matching `selector` (its click() in the page); fails when there is none. */
  click(selector: string): Promise<void>;
  /** Sends any other DevTools command to the page's session (e.g. the Profiler domain). */
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with the flags every Vigil Chromium has, opens `url` at the given
 * viewport and returns once its document has loaded. Uncaught page errors go to `onError`.
 */
export async function openBenchPage(url: string, viewport: { width: number; height: number }, onError: (message: string) => void): Promise<BenchPage> {
  const profileDir = await mkdtemp(join(tmpdir(), 'vigil-bench-chromium-'));
  // fd 3: the browser reads commands; fd 4: it writes replies and events, each ending in a NUL.
  const child: ChildProcess = spawn(requireChromium(), [...CHROMIUM_FLAGS, '--headless', `--user-data-dir=${profileDir}`, '--remote-debugging-pipe', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => {
    stderr.push(d.toString('utf8'));
    if (stderr.length > 50) stderr.shift();
  });
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void; method: string }>();
  const loadWaiters: Array<() => void> = [];
  let exited: Error | null = null;
  let buffered = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (text: string) => {
    buffered += text;
    let end: number;
    while ((end = buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffered.slice(0, end)) as CdpReply;
      buffered = buffered.slice(end + 1);
      if (message.id !== undefined) {
        const w = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.error) w?.reject(new Error(`${w.method}: ${message.error.message}`));
        else w?.resolve(message.result ?? {});
      } else if (message.method === 'Runtime.exceptionThrown') {
        const details = message.params?.exceptionDetails as EvaluateResult['exceptionDetails'];
        onError(details?.exception?.description ?? details?.text ?? 'page error');
      } else if (message.method === 'Page.loadEventFired') {
        for (const w of loadWaiters.splice(0)) w();
      }
    }
  });
  child.on('exit', (code, signal) => {
    exited = new Error(`Chromium exited (${code ?? signal}): ${stderr.join('').slice(-2000)}`);
    for (const w of waiting.values()) w.reject(exited);
    waiting.clear();
  });

  const command = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject, method });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  };

  const close = async () => {
    if (!exited) {
      await command('Browser.close').catch((error: unknown) => process.stderr.write(`bench: Browser.close: ${String(error)}\n`));
      if (!exited) await new Promise((resolve) => child.once('exit', resolve));
    }
    await rm(profileDir, { recursive: true, force: true });
  };

  try {
    const { targetId } = (await command('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await command('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const send = (method: string, params?: Record<string, unknown>) => command(method, params, sessionId);
    await send('Runtime.enable');
    await send('Page.enable');
    await send('Emulation.setDeviceMetricsOverride', { width: viewport.width, height: viewport.height, deviceScaleFactor: 1, mobile: false });
    const loaded = new Promise<void>((resolve) => loadWaiters.push(resolve));
    await send('Page.navigate', { url });
    await loaded;

    const evaluate = async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> => {
      // tsx compiles with esbuild's keepNames, which wraps functions in a `__name(...)` helper that
      // only exists in Node: the page gets a no-op one.
      const expression = `(globalThis.__name ??= (f) => f, (${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)}))`;
      const reply = (await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as unknown as EvaluateResult;
      if (reply.exceptionDetails) throw new Error(`in the page: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`);
      return reply.result.value as R;
    };
    const waitFor = async <A>(what: string, fn: (arg: A) => unknown, arg: A, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await evaluate(fn, arg))) {
        if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const click = async (selector: string) => {
      const found = await evaluate((s: string) => {
        const element = document.querySelector<HTMLElement>(s);
        element?.click();
        return element !== null;
      }, selector);
      if (!found) throw new Error(`no element ${selector} to click`);
    };
    return { evaluate, waitFor, click, send, close };
  } catch (error) {
    await close();
    throw error;
  }
}
