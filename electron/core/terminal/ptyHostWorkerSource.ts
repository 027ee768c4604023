/**
 * The pty host: one worker thread that owns every node-pty shell of the process and does nothing
 * but read them, so a shell's output is drained as fast as the program writes it whatever the main
 * thread is doing (docs/terminal.md, "Data path": a reader that falls behind lets the pty's 4 KiB
 * line-discipline buffer fill, and then every read waits on a kernel worker). VS Code keeps its
 * ptys out of the window's process for the same reason; here a thread is enough.
 *
 * CommonJS source for `new Worker(source, { eval: true })`, as the SQL worker (sqlWorkerSource.ts):
 * the same worker runs under tsx, vitest and the bundled app without a build entry of its own. It
 * reaches Node through `process.getBuiltinModule` and loads node-pty with a `createRequire` of its
 * own. Keep it small and plain JavaScript; ptyHost.ts owns its life cycle and checks its messages.
 *
 * workerData: {nodePtyPath, postMaxBytes, postWindowMs, transitMaxBytes}.
 *
 * Requests (main -> worker), each naming a session `id`:
 *   {kind: 'spawn', id, file, args, options, counters}  options as node-pty's (encoding forced null)
 *   {kind: 'write', id, data}      {kind: 'resize', id, cols, rows}
 *   {kind: 'flow', id, paused}     flow control's pause and resume (FlowControl in the main thread)
 *   {kind: 'drained', id}          the main thread took in data while this session was stalled
 * Replies (worker -> main):
 *   {kind: 'spawned', id, pid} | {kind: 'spawn-failed', id, message}
 *   {kind: 'data', id, bytes}      bytes: an ArrayBuffer of its own, transferred (not copied)
 *   {kind: 'exit', id, exitCode, signal}   after the session's last data
 *   {kind: 'request-failed', id, request, message}   a request (or a read: request 'read') threw
 *
 * Reads are joined as OutputBatcher joins them, on a shorter window: a read that comes when nothing
 * went out for `postWindowMs` is posted at once (a keystroke's echo), later ones are joined until
 * the window ends or they reach `postMaxBytes`.
 *
 * The transit bound: `counters` is an Int32Array on shared memory, [POSTED, RECEIVED, STALLED].
 * The worker adds what it posts, the main thread what it has taken in. When more than
 * `transitMaxBytes` are in transit (the main thread is busy, e.g. a long GC or a sync write) the
 * worker stops reading that pty and sets STALLED; the main thread, after adding to RECEIVED, sees
 * STALLED and sends 'drained'. The worker sets STALLED before it reads RECEIVED again, and the main
 * thread adds to RECEIVED before it reads STALLED, so one of the two always sees the other (no lost
 * wake-up). The counts wrap at 2^32; only their difference (far below 2^31) is used.
 */
export const PTY_HOST_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const { createRequire } = process.getBuiltinModule('node:module');
const pty = createRequire(workerData.nodePtyPath)(workerData.nodePtyPath);
const POSTED = 0, RECEIVED = 1, STALLED = 2;
// How often a paused pty checks that its process is still there: well inside node-pty's 200 ms.
const EXIT_WATCH_MS = 50;
const sessions = new Map();

function report(id, what, error) {
  parentPort.postMessage({ kind: 'request-failed', id, request: what, message: error instanceof Error ? error.message : String(error) });
}

// What a handler throws is reported, never left to end the worker: a worker that dies while its
// shells run takes the process with it when they exit (ptyHost.ts).
function guarded(id, what, fn) {
  try {
    fn();
  } catch (error) {
    report(id, what, error);
  }
}

function inTransit(s) {
  return (Atomics.load(s.counters, POSTED) - Atomics.load(s.counters, RECEIVED)) | 0;
}

// The pty is read unless flow control paused it or too much is in transit, or its process has
// exited: then nothing more can come, and node-pty destroys a pty that is not being read 200 ms
// after its process exits, dropping what the program wrote last (seen: 7.7 of 20 KB lost).
function steer(s) {
  const pause = (s.flowPaused || s.stalled) && !s.childGone;
  if (pause === s.ptyPaused) return;
  s.ptyPaused = pause;
  if (pause) {
    s.term.pause();
    s.exitWatch = setInterval(() => guarded(s.id, 'read', () => watchExit(s)), EXIT_WATCH_MS);
  } else {
    clearInterval(s.exitWatch);
    s.exitWatch = null;
    s.term.resume();
  }
}

// While a pty is paused: has its process ended? (node-pty reaps it on a thread of its own, and only
// says so once the pty has been read to its end.) Signal 0 checks without sending anything.
function watchExit(s) {
  try {
    process.kill(s.term.pid, 0);
    return;
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
  s.childGone = true;
  steer(s);
}

function post(s) {
  if (s.timer !== null) {
    clearTimeout(s.timer);
    s.timer = null;
  }
  if (s.bytes === 0) return;
  const out = new Uint8Array(s.bytes);
  let at = 0;
  for (const chunk of s.chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  s.chunks = [];
  s.bytes = 0;
  s.lastPost = performance.now();
  Atomics.add(s.counters, POSTED, out.length);
  parentPort.postMessage({ kind: 'data', id: s.id, bytes: out.buffer }, [out.buffer]);
  if (!s.stalled && inTransit(s) > workerData.transitMaxBytes) {
    s.stalled = true;
    Atomics.store(s.counters, STALLED, 1);
    steer(s);
    // The main thread may have taken everything in before it could see STALLED.
    unstall(s);
  }
}

function unstall(s) {
  if (!s.stalled || inTransit(s) > workerData.transitMaxBytes) return;
  s.stalled = false;
  Atomics.store(s.counters, STALLED, 0);
  steer(s);
}

function onData(s, chunk) {
  s.chunks.push(chunk);
  s.bytes += chunk.length;
  if (s.bytes >= workerData.postMaxBytes) return post(s);
  if (s.timer !== null) return;
  const wait = s.lastPost + workerData.postWindowMs - performance.now();
  if (wait <= 0) return post(s);
  s.timer = setTimeout(() => {
    s.timer = null;
    guarded(s.id, 'read', () => post(s));
  }, wait);
}

function spawn(request) {
  let term;
  try {
    term = pty.spawn(request.file, request.args, { ...request.options, encoding: null });
  } catch (error) {
    parentPort.postMessage({ kind: 'spawn-failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
    return;
  }
  const s = {
    id: request.id, term, counters: request.counters, chunks: [], bytes: 0, timer: null,
    lastPost: Number.NEGATIVE_INFINITY, flowPaused: false, stalled: false, ptyPaused: false,
    childGone: false, exitWatch: null,
  };
  sessions.set(request.id, s);
  term.onData((chunk) => guarded(s.id, 'read', () => onData(s, chunk)));
  term.onExit(({ exitCode, signal }) => {
    clearInterval(s.exitWatch);
    guarded(s.id, 'read', () => post(s));
    sessions.delete(s.id);
    parentPort.postMessage({ kind: 'exit', id: s.id, exitCode, signal: signal === undefined ? null : signal });
  });
  parentPort.postMessage({ kind: 'spawned', id: request.id, pid: term.pid });
}

function handle(request) {
  if (request.kind === 'spawn') return spawn(request);
  const s = sessions.get(request.id);
  // Requests for a session that has exited are late, not wrong: the shell is gone.
  if (s === undefined) return;
  if (request.kind === 'write') s.term.write(request.data);
  else if (request.kind === 'resize') s.term.resize(request.cols, request.rows);
  else if (request.kind === 'flow') {
    s.flowPaused = request.paused;
    steer(s);
  } else if (request.kind === 'drained') unstall(s);
  else throw new Error('unknown request ' + String(request.kind));
}

// One session's failure (a resize racing the pty's close) must not end every other shell.
parentPort.on('message', (request) => guarded(request.id, String(request.kind), () => handle(request)));
`;
