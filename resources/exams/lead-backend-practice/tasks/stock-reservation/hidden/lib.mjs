// Black-box harness for the hidden suites of this exam: starts the candidate's program from
// VIGIL_START with PORT (and any env the suite passes), talks to it over HTTP on 127.0.0.1 and
// prints TAP. It never loads candidate code into this process, so candidate code cannot add results.
// The same file ships in every task's hidden/ folder because each folder is copied alone.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

const tests = [];
export function test(name, fn) {
  tests.push({ name, fn });
}

/** Runs the registered tests in order, one at a time, and prints TAP 13. */
export async function run({ perTestMs = 8_000, after } = {}) {
  console.log('TAP version 13');
  console.log(`1..${tests.length}`);
  let pass = 0;
  for (const [i, t] of tests.entries()) {
    let timer;
    try {
      await Promise.race([
        t.fn(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no result within ${perTestMs} ms`)), perTestMs);
        }),
      ]);
      pass += 1;
      console.log(`ok ${i + 1} - ${t.name}`);
    } catch (error) {
      console.log(`not ok ${i + 1} - ${t.name}`);
      console.log(`  ---\n  message: ${JSON.stringify(String(error?.message ?? error))}\n  ...`);
    } finally {
      clearTimeout(timer);
    }
  }
  if (after) await after();
  console.log(`# tests ${tests.length}\n# pass ${pass}\n# fail ${tests.length - pass}`);
  process.exitCode = pass === tests.length ? 0 : 1;
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

export function checkEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts the candidate's program and waits until it accepts connections on PORT. */
export async function startProgram(env = {}, { readyMs = 30_000 } = {}) {
  const command = process.env.VIGIL_START;
  if (!command) throw new Error('VIGIL_START is not set: the grader passes the start command for the chosen language');
  const port = await freePort();
  const child = spawn('/bin/sh', ['-c', command], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const stop = () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch (error) {
      if (error?.code !== 'ESRCH') throw error;
    }
  };
  const deadline = Date.now() + readyMs;
  while (!(await canConnect(port))) {
    if (exited) throw new Error(`the program exited before listening on PORT ${port}: ${stderr}`);
    if (Date.now() > deadline) {
      stop();
      throw new Error(`the program did not listen on PORT ${port} within ${readyMs} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { base: `http://127.0.0.1:${port}`, stop, stderr: () => stderr };
}

/** One HTTP request; the body is sent as JSON unless it is a string. Never throws on a status. */
export function request(method, url, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(url, { method, headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }), ...headers }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => {
        text += d;
      });
      res.on('end', () => {
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined; // not JSON: tests that need JSON check `json` and fail with the text
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/**
 * An upstream the suite controls: `handler(call)` answers each request; a handler may return a
 * promise to hold the response (how races are made observable every time). Every call is recorded.
 */
export async function upstream(handler) {
  const calls = [];
  const waiters = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (d) => {
      text += d;
    });
    req.on('end', async () => {
      let body;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const call = { method: req.method, url: req.url, headers: req.headers, body, at: performance.now() };
      calls.push(call);
      for (const w of waiters.splice(0)) w();
      const reply = await current(call);
      // Taken before the write: the program cannot see the reply earlier, however this process is scheduled.
      call.repliedAt = performance.now();
      call.replyStatus = reply.status ?? 200;
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  let current = handler;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    calls,
    setHandler(h) {
      current = h;
    },
    /** Resolves once at least `n` calls have arrived. */
    async waitForCalls(n) {
      while (calls.length < n) await new Promise((r) => waiters.push(r));
    },
    close: () =>
      new Promise((r) => {
        server.close(r);
        server.closeAllConnections();
      }),
  };
}

/** A promise with its resolve handle, for holding an upstream response until the test says. */
export function gate() {
  let open;
  const promise = new Promise((r) => {
    open = r;
  });
  return { promise, open };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
