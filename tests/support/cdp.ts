/**
 * A small DevTools-protocol client: one connection (Chromium's `--remote-debugging-pipe` or its
 * DevTools WebSocket) and pages attached one at a time with only the domains a caller enables.
 *
 * Why not Playwright for these callers:
 * - `chromium.connectOverCDP` auto-attaches to every target and waits until each is initialised
 *   (frame tree, Network, Runtime, emulation) before it returns; under CI load it once sat 90 s
 *   after "ws connected" with no word of which target or step it waited on. Here each command has
 *   its own deadline and the error names it.
 * - Playwright enables the Network domain on every page it drives, and Chromium then copies every
 *   WebSocket frame the page sends or receives, base64-encoded, to the driving process; for the
 *   terminal benchmarks that process hosts the headless host (see tests/bench/cdpPage.ts).
 */
import type { Readable, Writable } from 'node:stream';
import WebSocket from 'ws';

export interface CdpMessage {
  id?: number;
  method?: string;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
  params?: Record<string, unknown>;
}

export interface CdpConnection {
  /** Sends a command (to a page's session when `sessionId` is given); rejects after `timeoutMs` naming it. */
  send(method: string, params?: Record<string, unknown>, opts?: { sessionId?: string; timeoutMs?: number }): Promise<Record<string, unknown>>;
  /** Calls `listener` with every event; returns a function that stops it. */
  onEvent(listener: (message: CdpMessage) => void): () => void;
  /** Rejects what is still waiting with `reason` (the browser ended, or the caller is done). */
  fail(reason: Error): void;
}

const COMMAND_TIMEOUT_MS = 30_000;

/** The request/reply bookkeeping both transports share: `write` sends one serialised command. */
function connection(write: (text: string) => void): CdpConnection & { receive(text: string): void } {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(message: CdpMessage) => void>();
  let failed: Error | null = null;
  return {
    receive(text) {
      const message = JSON.parse(text) as CdpMessage;
      if (message.id === undefined) {
        for (const listener of listeners) listener(message);
        return;
      }
      const w = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) w?.reject(new Error(message.error.message));
      else w?.resolve(message.result ?? {});
    },
    send(method, params = {}, opts = {}) {
      if (failed) return Promise.reject(failed);
      const id = nextId++;
      const timeoutMs = opts.timeoutMs ?? COMMAND_TIMEOUT_MS;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`DevTools ${method}: no reply within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = <T>(settle: (v: T) => void) => (v: T) => {
          clearTimeout(timer);
          settle(v);
        };
        waiting.set(id, { resolve: done(resolve), reject: done((e: Error) => reject(new Error(`DevTools ${method}: ${e.message}`))) });
        write(JSON.stringify({ id, method, params, ...(opts.sessionId ? { sessionId: opts.sessionId } : {}) }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fail(reason) {
      failed = reason;
      for (const w of waiting.values()) w.reject(reason);
      waiting.clear();
    },
  };
}

/** A connection over `--remote-debugging-pipe`: fd 3 carries commands, fd 4 replies, each ending in a NUL. */
export function cdpOverPipe(toBrowser: Writable, fromBrowser: Readable): CdpConnection {
  const c = connection((text) => toBrowser.write(`${text}\0`));
  let buffered = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (text: string) => {
    buffered += text;
    let end: number;
    while ((end = buffered.indexOf('\0')) >= 0) {
      const message = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      c.receive(message);
    }
  });
  return c;
}

/**
 * A connection to the browser a DevTools port (`--remote-debugging-port`, its number in the
 * profile's DevToolsActivePort) serves; `close` ends it and leaves the browser running.
 */
export async function cdpOverWebSocket(port: number, timeoutMs = COMMAND_TIMEOUT_MS): Promise<CdpConnection & { close(): void }> {
  const version = await fetch(`http://127.0.0.1:${port}/json/version`, { signal: AbortSignal.timeout(timeoutMs) });
  if (!version.ok) throw new Error(`DevTools port ${port}: /json/version answered ${version.status}`);
  const { webSocketDebuggerUrl } = (await version.json()) as { webSocketDebuggerUrl: string };
  const socket = new WebSocket(webSocketDebuggerUrl, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`DevTools ${webSocketDebuggerUrl}: not open within ${timeoutMs} ms`)), timeoutMs);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`DevTools ${webSocketDebuggerUrl}: ${error.message}`));
    });
  });
  const c = connection((text) => socket.send(text));
  socket.on('message', (data: Buffer) => c.receive(data.toString('utf8')));
  socket.on('close', () => c.fail(new Error(`DevTools ${webSocketDebuggerUrl}: the connection closed`)));
  return { ...c, close: () => socket.close() };
}

/**
 * The id of the page target showing `url`, polled until its navigation has committed; fails after
 * `timeoutMs` naming what the browser had instead.
 */
export async function pageTargetOn(c: CdpConnection, url: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { targetInfos } = (await c.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
    const target = targetInfos.find((t) => t.type === 'page' && t.url === url);
    if (target) return target.targetId;
    if (Date.now() > deadline) throw new Error(`no page on ${url} in ${timeoutMs} ms; Chromium has: ${targetInfos.map((t) => `${t.type} ${t.url}`).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface EvaluateResult {
  result: { value?: unknown };
  exceptionDetails?: { text: string; exception?: { description?: string } };
}

export interface CdpPage {
  /** Runs `fn(arg)` in the page (awaiting a promise it returns); the result comes back as JSON. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Polls `fn(arg)` every 50 ms until it is truthy; fails after `timeoutMs` naming `what`. */
  waitFor<A>(what: string, fn: (arg: A) => unknown, arg: A, timeoutMs?: number): Promise<void>;
  /** Clicks the first element matching `selector` (its click() in the page); fails when there is none. */
  click(selector: string): Promise<void>;
  /** Sends any other DevTools command to the page's session (e.g. the Profiler domain). */
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/**
 * Attaches to one page target (flat session) and enables Runtime, reporting its uncaught errors to
 * `onError`. An evaluation fails after `evaluateTimeoutMs` (a benchmark that awaits a whole run in
 * the page passes a bound above the run's own).
 */
export async function attachPage(c: CdpConnection, targetId: string, onError: (message: string) => void, opts: { evaluateTimeoutMs?: number } = {}): Promise<CdpPage> {
  const { sessionId } = (await c.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  c.onEvent((message) => {
    if (message.sessionId !== sessionId || message.method !== 'Runtime.exceptionThrown') return;
    const details = message.params?.exceptionDetails as EvaluateResult['exceptionDetails'];
    onError(details?.exception?.description ?? details?.text ?? 'page error');
  });
  const send = (method: string, params?: Record<string, unknown>) => c.send(method, params, { sessionId });
  await send('Runtime.enable');
  const evaluate = async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> => {
    // tsx compiles with esbuild's keepNames, which wraps functions in a `__name(...)` helper that
    // only exists in Node: the page gets a no-op one.
    const expression = `(globalThis.__name ??= (f) => f, (${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)}))`;
    const reply = (await c.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, { sessionId, timeoutMs: opts.evaluateTimeoutMs ?? COMMAND_TIMEOUT_MS })) as unknown as EvaluateResult;
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
  return { evaluate, waitFor, click, send };
}
