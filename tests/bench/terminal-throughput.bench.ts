/**
 * terminal-throughput (DESIGN 10): 64 MB of output through the pty, the batcher and flow control,
 * the recording, the host's WebSocket and xterm, in the candidate's own page: the coding item's
 * terminal as the candidate sees it (its question on screen, the attempt recording the shell as
 * always, xterm with whichever renderer it picked, `renderer` in the row), against xterm writing
 * the same bytes directly in the same page (the baseline). Budget: ratio >= 0.5 on 2 cores,
 * transport floor ratio >= 0.8, and no renderer task > 50 ms during the run
 * (`terminal-longest-task`).
 *
 * The program writes 810,000 lines of 78 "a"s (63.99 MB); the pty turns each "\n" into "\r\n",
 * so xterm receives 64.8 M bytes either way. The baseline writes those bytes (a Uint8Array, as
 * the shell's output arrives) in 64 KiB chunks, keeping at most 1 MB queued in xterm (without a
 * cap xterm drops data above 50 MB pending), into a second xterm with the same options, placed
 * exactly over the real one so both are drawn alike. MB/s counts the program's bytes. Each row
 * with CPU figures also carries `coreSecondsPerMB`, the busy core-seconds of that stage per MB,
 * so the cost of each stage is the difference between two rows (docs/terminal.md).
 *
 * Rounds (TERMINAL_BENCH_ROUNDS, default 3): after one warm-up of each, every round runs the pty
 * floor, the transport floor, the shell run and the baseline back to back. One round's ratio
 * varies by a tenth from run to run on a shared 2-core machine, so each row reports the round with
 * the median ratio (its figures, CPU included, all from that one round) and `roundRatios`, every
 * round's; the transport floor is divided by the baseline of its own round. The longest task is
 * the worst of all rounds. TERMINAL_BENCH_PROFILE and TERMINAL_BENCH_TRACE write one file per
 * round (`shell-2.cpuprofile`, ...) when there is more than one.
 *
 * Longest task: Chromium's PerformanceObserver('longtask') entries (tasks of 50 ms or more; 0 when
 * there were none). Reported beside it: long animation frames (which include style, layout and
 * paint), and a 10 ms interval probe's longest lateness, a wall-clock upper bound that also
 * counts the OS descheduling the renderer on a busy machine.
 *
 * Whether the cores can reach the budget at all: around each measured run the CPU of this bench's
 * own process tree (the bench with the host in it, Chromium, the shells and what they run) is
 * counted from /proc/<pid>/stat (cpuAccounting.ts), as core-seconds, so other work on a shared
 * machine does not count; the whole machine's busy core-seconds (/proc/stat) are reported beside
 * them for the shell run and the baseline (`machineCoreSeconds`), with the load average.
 * `coreSecondsBy` splits a row's tree CPU by who did it (cpuAccounting.ts, startCpuBreakdown):
 * the host's main thread, its other threads (the pty reader among them), the program, and
 * Chromium's renderers, GPU process, browser and utilities.
 * `terminal-throughput` carries `cores`, `coreSeconds` (shell run) and `baselineCoreSeconds`. Before the shell run,
 * `terminal-pty-floor` runs the same program in a pty spawned here with node-pty and only counts
 * the bytes (no sandbox, host, batcher or transport): its `coreSeconds` (P) is what producing the
 * bytes in a pty and reading them in Node costs. `terminal-throughput-ceiling` is then
 * cores × baselineSeconds / (P + baselineCoreSeconds): at ratio r the shell run lasts
 * baselineSeconds / r, and in that time the cores must at least do the pty's work and xterm's, so
 * no transport, however cheap, lets r exceed it. Without /proc/stat (not Linux) the CPU fields and
 * the ceiling row are left out.
 *
 * `terminal-transport-floor` runs the same program through everything but the renderer: the
 * sandboxed shell of a second coding item (which the page has not opened), the batcher and flow
 * control, the host's WebSocket, and a Node client here that only counts the characters and
 * acknowledges them as the renderer does when it keeps up (ackCounter.ts). Its ratio to the xterm
 * baseline is what the shell run could reach if parsing and drawing in the page cost nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { spawn } from 'node-pty';
import type { BenchPage as Page } from './cdpPage.js';
import { startCpuAccounting, startCpuBreakdown, startTreeCpuAccounting, type CpuUsage } from './cpuAccounting.js';
import type { Report } from './run.js';
import type { VigilApi } from '../../shared/contract.js';
import { HIGH_WATERMARK_BYTES } from '../../shared/terminal.js';
import { ackMessages, createAckCounter } from '../../renderer/src/terminal/ackCounter.js';
import { ECHO_ITEM, FLOOD_ITEM, openTerminalPage } from './terminalPage.js';

const LINES = 810_000;
const LINE_CHARS = 78;
const PROGRAM_BYTES = LINES * (LINE_CHARS + 1);
/** A first, smaller run of each, so neither measured run pays for JIT compilation and first allocations. */
const WARMUP_LINES = 100_000;
/** Three rounds take about 30 s here; one round's ratio spread 0.42-0.56 on this machine, the median of three far less. */
const DEFAULT_ROUNDS = 3;

interface TaskStats {
  longTaskMs: number;
  loafMs: number;
  probeMaxGapMs: number;
}
interface RunStats extends TaskStats {
  seconds: number;
}

/** Installs the long-task observer and the gap probe; `window.__benchStop()` returns their maxima. */
async function startTaskWatch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __benchStop?: () => TaskStats };
    let longTaskMs = 0;
    let loafMs = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTaskMs = Math.max(longTaskMs, entry.duration);
    });
    observer.observe({ type: 'longtask', buffered: false });
    // Long animation frames (> 50 ms) also count the rendering work a frame did, not only scripts.
    const frames = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) loafMs = Math.max(loafMs, entry.duration);
    });
    if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) frames.observe({ type: 'long-animation-frame', buffered: false });
    // The probe is a 10 ms interval whose lateness is the longest time the page could not run a
    // task. Not a MessageChannel ping-pong: that keeps the page's main thread 100% busy, which on
    // 2 cores takes a whole core from the host, the pty and the shell the run measures.
    const PROBE_MS = 10;
    let last = performance.now();
    let maxGap = 0;
    const probe = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last - PROBE_MS);
      last = now;
    }, PROBE_MS);
    w.__benchStop = () => {
      clearInterval(probe);
      observer.disconnect();
      frames.disconnect();
      return { longTaskMs, loafMs, probeMaxGapMs: maxGap };
    };
  });
}

async function stopTaskWatch(page: Page): Promise<TaskStats> {
  return page.evaluate(() => (window as unknown as { __benchStop: () => TaskStats }).__benchStop());
}

/** Runs the program in the shell; seconds from Enter to xterm's callback for the last character. */
async function throughShell(page: Page, lines: number): Promise<RunStats> {
  await startTaskWatch(page);
  const seconds = await page.evaluate(
    async ({ id, total, lines, lineChars }) => {
      const handle = window.__vigilTerminals?.[id];
      if (!handle) throw new Error(`no terminal hook for ${id}`);
      const command = `yes ${'a'.repeat(lineChars)} | head -n ${lines}\r`;
      let written = 0;
      let started = false;
      const firstLine = `${'a'.repeat(lineChars)}\r\n`;
      // Output is bytes: only the chunks before the first output line are decoded (to find it),
      // and the prompt is looked for in the last two bytes.
      const decoder = new TextDecoder();
      const endsWithPrompt = (d: Uint8Array) => d.length >= 2 && (d[d.length - 2] === 0x24 || d[d.length - 2] === 0x23) && d[d.length - 1] === 0x20;
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${written} of ${total} bytes arrived in 10 minutes`)), 600_000);
        let t0 = 0;
        const stop = handle.onWritten((data, at) => {
          // Count from the first output line on: the echo of the command itself is not output.
          if (!started) {
            const first = decoder.decode(data).indexOf(firstLine);
            if (first < 0) return;
            started = true;
            written = data.length - first; // ASCII before the first line: characters are bytes
          } else {
            written += data.length;
          }
          // Done when the shell's prompt follows the output (head has exited and all was written).
          if (written >= total && endsWithPrompt(data)) {
            clearTimeout(timer);
            stop();
            resolve((at - t0) / 1000);
          }
        });
        t0 = performance.now();
        handle.type(command);
      });
    },
    { id: ECHO_ITEM, total: lines * (LINE_CHARS + 2), lines, lineChars: LINE_CHARS },
  );
  return { seconds, ...(await stopTaskWatch(page)) };
}

/** The same characters written straight into a second xterm laid over the first. */
async function directToXterm(page: Page, lines: number): Promise<RunStats> {
  await page.evaluate(async (id) => {
    const handle = window.__vigilTerminals?.[id];
    const target = document.querySelector('.terminal-container');
    if (!handle || !target) throw new Error('no terminal on the page');
    const rect = target.getBoundingClientRect();
    const box = document.createElement('div');
    box.id = 'bench-baseline';
    Object.assign(box.style, { position: 'fixed', left: `${rect.left}px`, top: `${rect.top}px`, width: `${rect.width}px`, height: `${rect.height}px`, zIndex: '10', background: '#1b1e23' });
    document.body.append(box);
    const baseline = await handle.createBaseline(box);
    (window as unknown as { __benchBaseline: typeof baseline }).__benchBaseline = baseline;
  }, ECHO_ITEM);
  await startTaskWatch(page);
  const seconds = await page.evaluate(
    async ({ total, lineChars }) => {
      const baseline = (window as unknown as { __benchBaseline: { write(d: Uint8Array, cb: () => void): void } }).__benchBaseline;
      const line = `${'a'.repeat(lineChars)}\r\n`;
      const chunk = new TextEncoder().encode(line.repeat(Math.floor(65_536 / line.length)));
      const maxPending = 1_000_000;
      return new Promise<number>((resolve) => {
        const t0 = performance.now();
        let queued = 0;
        let done = 0;
        let pending = 0;
        const pump = () => {
          while (queued < total && pending < maxPending) {
            const piece = total - queued >= chunk.length ? chunk : chunk.subarray(0, total - queued);
            queued += piece.length;
            pending += piece.length;
            baseline.write(piece, () => {
              pending -= piece.length;
              done += piece.length;
              if (done >= total) resolve((performance.now() - t0) / 1000);
              else pump();
            });
          }
        };
        pump();
      });
    },
    { total: lines * (LINE_CHARS + 2), lineChars: LINE_CHARS },
  );
  const stats = await stopTaskWatch(page);
  await page.evaluate(() => {
    (window as unknown as { __benchBaseline: { dispose(): void } }).__benchBaseline.dispose();
    document.getElementById('bench-baseline')?.remove();
  });
  return { seconds, ...stats };
}

/**
 * The program alone: run in a pty spawned here and read by Node, as fast as it goes. Resolves
 * with the seconds from spawn to exit; node-pty reports the exit only once the pty's stream has
 * closed, so nothing more is read after it.
 */
function ptyFloor(lines: number): Promise<number> {
  // The pty turns each "\n" into "\r\n", as in the shell run.
  const expected = lines * (LINE_CHARS + 2);
  // On Linux the last few KB a program writes just before it (the session leader) exits can be
  // lost: the master's read fails with EIO before they are read (microsoft/node-pty#726, #85;
  // seen here: 0 to 13 KB of 8 MB). The program still wrote them and timing is unaffected, so a
  // tail shorter than one of node-pty's 64 KiB reads is accepted; more means the run went wrong.
  const lostTailLimit = 64 * 1024;
  return new Promise<number>((resolve, reject) => {
    const t0 = performance.now();
    const pty = spawn('/bin/bash', ['-c', `yes ${'a'.repeat(LINE_CHARS)} | head -n ${lines}`], { cols: 120, rows: 30, encoding: null });
    let bytes = 0;
    // node-pty types onData as string, but with `encoding: null` it delivers Buffers.
    pty.onData((data: unknown) => {
      bytes += Buffer.isBuffer(data) ? data.length : Buffer.byteLength(String(data));
    });
    pty.onExit(({ exitCode, signal }) => {
      const seconds = (performance.now() - t0) / 1000;
      if (exitCode !== 0) reject(new Error(`the pty floor program exited with ${exitCode} (signal ${signal ?? 0})`));
      else if (bytes > expected || expected - bytes >= lostTailLimit) reject(new Error(`the pty floor read ${bytes} of ${expected} bytes`));
      else resolve(seconds);
    });
  });
}

/**
 * The program through the shell of FLOOD_ITEM and the host's WebSocket to a Node client that
 * acknowledges what it receives as the renderer would, without parsing or drawing it. Resolves
 * with the seconds from the command to the prompt after the last line.
 */
async function throughTransport(api: VigilApi, lines: number): Promise<number> {
  const total = lines * (LINE_CHARS + 2);
  const firstLine = `${'a'.repeat(LINE_CHARS)}\r\n`;
  const counter = createAckCounter();
  let onBytes: (bytes: Uint8Array) => void = () => {};
  // Everything this shell prints is acknowledged, from its first prompt on, or it would stay paused.
  // The client keeps up (nothing is queued behind an event), so each event is acknowledged whole.
  const stop = api.on('terminalOutput', (e) => {
    if (e.sessionId !== FLOOD_ITEM || e.replay) return;
    for (const bytes of ackMessages(counter.written(e.data.length, true))) void api.terminalAck({ sessionId: FLOOD_ITEM, bytes });
    onBytes(e.data);
  });
  try {
    await api.terminalOpen({ sessionId: FLOOD_ITEM, cols: 120, rows: 30 });
    // Whatever an earlier run left unacknowledged (acks clamp at zero).
    await api.terminalAck({ sessionId: FLOOD_ITEM, bytes: 2 * HIGH_WATERMARK_BYTES });
    return await new Promise<number>((resolve, reject) => {
      let received = 0;
      let started = false;
      const timer = setTimeout(() => reject(new Error(`only ${received} of ${total} bytes arrived through the transport in 5 minutes`)), 300_000);
      const t0 = performance.now();
      onBytes = (bytes) => {
        if (!started) {
          const first = Buffer.from(bytes).toString('latin1').indexOf(firstLine);
          if (first < 0) return;
          started = true;
          received = bytes.length - first;
        } else {
          received += bytes.length;
        }
        const n = bytes.length;
        if (received >= total && n >= 2 && (bytes[n - 2] === 0x24 || bytes[n - 2] === 0x23) && bytes[n - 1] === 0x20) {
          clearTimeout(timer);
          resolve((performance.now() - t0) / 1000);
        }
      };
      void api.terminalWrite({ sessionId: FLOOD_ITEM, data: `yes ${'a'.repeat(LINE_CHARS)} | head -n ${lines}\r` });
    });
  } finally {
    stop();
  }
}

/**
 * Runs `measure` with CPU counted around it: `cpu` is this bench's own process tree (what the
 * stage cost, whatever else the machine runs), `machine` the whole machine; null without /proc.
 */
async function withCpu<T>(measure: () => Promise<T>): Promise<Measured<T>> {
  const stopMachine = startCpuAccounting();
  const stopTree = startTreeCpuAccounting();
  const stopBreakdown = startCpuBreakdown();
  const result = await measure();
  const cpu = stopTree ? stopTree() : null;
  const by = stopBreakdown ? stopBreakdown() : null;
  return { result, cpu, machine: stopMachine ? stopMachine() : null, by };
}

/**
 * With TERMINAL_BENCH_PROFILE=<dir>, the page's main thread is CPU-profiled (DevTools protocol)
 * during the run and written to <dir>/<name>.cpuprofile (open in DevTools, or summarize the self
 * time per function): where the page's time per byte goes.
 */
async function profiled<T>(page: Page, name: string, measure: () => Promise<T>): Promise<T> {
  const traceDir = process.env.TERMINAL_BENCH_TRACE;
  if (traceDir) return traced(page, join(traceDir, `${name}.trace.json`), measure);
  const dir = process.env.TERMINAL_BENCH_PROFILE;
  if (!dir) return measure();
  await page.send('Profiler.enable');
  await page.send('Profiler.setSamplingInterval', { interval: 200 });
  await page.send('Profiler.start');
  try {
    return await measure();
  } finally {
    const { profile } = await page.send('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    await page.send('Profiler.disable');
  }
}

/**
 * With TERMINAL_BENCH_TRACE=<dir>, a Chromium trace of the run (devtools.timeline and toplevel:
 * every task, script call, style, layout and paint of every process) goes to
 * <dir>/<name>.trace.json, for chrome://tracing or Perfetto: what the CPU profile shows only as
 * "(program)".
 */
async function traced<T>(page: Page, file: string, measure: () => Promise<T>): Promise<T> {
  const events: unknown[] = [];
  let complete: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    complete = resolve;
  });
  const stop = page.browser.onEvent((message) => {
    if (message.method === 'Tracing.dataCollected') events.push(...((message.params?.value as unknown[] | undefined) ?? []));
    else if (message.method === 'Tracing.tracingComplete') complete();
  });
  await page.browser.send('Tracing.start', { categories: 'devtools.timeline,toplevel,v8.execute', transferMode: 'ReportEvents' });
  try {
    return await measure();
  } finally {
    await page.browser.send('Tracing.end');
    await done;
    stop();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ traceEvents: events }));
  }
}

/** Rounds measured, each a pty floor, a transport floor, a shell run and a baseline in that order (TERMINAL_BENCH_ROUNDS). */
function roundsWanted(): number {
  const raw = process.env.TERMINAL_BENCH_ROUNDS;
  if (raw === undefined || raw === '') return DEFAULT_ROUNDS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new Error(`TERMINAL_BENCH_ROUNDS must be a whole number from 1 to 20, got "${raw}"`);
  return n;
}

/** The middle element by `key` (the lower middle for an even count): a real run, so its figures belong together. */
function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  if (items.length === 0) throw new RangeError('medianBy needs at least one item');
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)] as T;
}

/** A run with the CPU counted around it (withCpu). */
interface Measured<T> {
  result: T;
  cpu: CpuUsage | null;
  machine: CpuUsage | null;
  by: Record<string, number> | null;
}

interface Round {
  floor: Measured<number>;
  transport: Measured<number>;
  shell: Measured<RunStats>;
  direct: Measured<RunStats>;
}

export async function run(report: Report): Promise<void> {
  const rounds = roundsWanted();
  const session = await openTerminalPage();
  try {
    const { page, showTerminal, api } = session;
    await showTerminal(ECHO_ITEM);
    const renderer = await page.evaluate((id) => window.__vigilTerminals?.[id]?.renderer() ?? null, ECHO_ITEM);
    await throughShell(page, WARMUP_LINES);
    await directToXterm(page, WARMUP_LINES);
    await ptyFloor(WARMUP_LINES);
    await throughTransport(api, WARMUP_LINES);
    // The machine's speed drifts from second to second (other tenants, the CPU's clock): each
    // round measures every stage and its baseline back to back, and the row reported is the round
    // with the median ratio, with every round's ratio beside it.
    const all: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      const floor = await withCpu(() => ptyFloor(LINES));
      const transport = await withCpu(() => throughTransport(api, LINES));
      const suffix = rounds > 1 ? `-${i + 1}` : '';
      const shell = await profiled(page, `shell${suffix}`, () => withCpu(() => throughShell(page, LINES)));
      const direct = await profiled(page, `baseline${suffix}`, () => withCpu(() => directToXterm(page, LINES)));
      all.push({ floor, transport, shell, direct });
    }
    const shellRatio = (r: Round) => r.direct.result.seconds / r.shell.result.seconds;
    const transportRatio = (r: Round) => r.direct.result.seconds / r.transport.result;
    const ratios = (f: (r: Round) => number) => all.map((r) => Number(f(r).toFixed(3)));
    const median = medianBy(all, shellRatio);
    const { result: shell, cpu: shellCpu, by: shellBy, machine: shellMachine } = median.shell;
    const { result: direct, cpu: directCpu, by: directBy, machine: directMachine } = median.direct;
    const { transport, direct: { result: transportBaseline } } = medianBy(all, transportRatio);
    const { floor } = medianBy(all, (r) => r.floor.result);
    const mb = PROGRAM_BYTES / 1e6;
    const mbps = (s: number) => Number((mb / s).toFixed(2));
    const cores = availableParallelism();
    const coreSeconds = (cpu: CpuUsage) => Number(cpu.coreSeconds.toFixed(2));
    const perMB = (cpu: CpuUsage) => Number((cpu.coreSeconds / mb).toFixed(4));
    report({
      name: 'terminal-throughput',
      unit: 'MB/s',
      value: mbps(shell.seconds),
      baseline: mbps(direct.seconds),
      megabytes: Number(mb.toFixed(2)),
      seconds: Number(shell.seconds.toFixed(2)),
      baselineSeconds: Number(direct.seconds.toFixed(2)),
      renderer,
      recording: true,
      budgetRatio: 0.5,
      rounds,
      roundRatios: ratios(shellRatio),
      cores,
      ...(shellCpu && directCpu
        ? { coreSeconds: coreSeconds(shellCpu), baselineCoreSeconds: coreSeconds(directCpu), coreSecondsPerMB: perMB(shellCpu), baselineCoreSecondsPerMB: perMB(directCpu) }
        : {}),
      ...(shellMachine && directMachine ? { machineCoreSeconds: coreSeconds(shellMachine), baselineMachineCoreSeconds: coreSeconds(directMachine) } : {}),
      ...(shellBy && directBy ? { coreSecondsBy: shellBy, baselineCoreSecondsBy: directBy } : {}),
      loadAverage: loadavg().map((n) => Number(n.toFixed(2))),
    });
    report({
      name: 'terminal-pty-floor',
      unit: 'MB/s',
      value: mbps(floor.result),
      seconds: Number(floor.result.toFixed(2)),
      ...(floor.cpu ? { coreSeconds: coreSeconds(floor.cpu), coreSecondsPerMB: perMB(floor.cpu) } : {}),
      ...(floor.by ? { coreSecondsBy: floor.by } : {}),
    });
    report({
      name: 'terminal-transport-floor',
      unit: 'MB/s',
      value: mbps(transport.result),
      // Against the baseline of its own round.
      baseline: mbps(transportBaseline.seconds),
      seconds: Number(transport.result.toFixed(2)),
      budgetRatio: 0.8,
      roundRatios: ratios(transportRatio),
      ...(transport.cpu ? { coreSeconds: coreSeconds(transport.cpu), coreSecondsPerMB: perMB(transport.cpu) } : {}),
      ...(transport.by ? { coreSecondsBy: transport.by } : {}),
      explanation: 'pty, sandbox, batcher, flow control, recording and WebSocket to a Node client that only acknowledges: its ratio bounds the shell run\'s',
    });
    // Without CPU figures there is no ceiling to compute; no baseline either, or the runner would
    // print a ratio of the ceiling to it.
    if (floor.cpu && directCpu) {
      report({
        name: 'terminal-throughput-ceiling',
        unit: 'ratio',
        value: Number(((cores * direct.seconds) / (floor.cpu.coreSeconds + directCpu.coreSeconds)).toFixed(3)),
        explanation: 'highest ratio the cores allow with zero transport cost: producing the bytes in a pty and parsing them in xterm alone need this much CPU',
      });
    }
    const round = (n: number) => Number(n.toFixed(1));
    // The longest task of any round, not only the median one's: a budget is about the worst case.
    const worst = (pick: (r: Round) => RunStats) => ({
      longTaskMs: round(Math.max(...all.map((r) => pick(r).longTaskMs))),
      longAnimationFrameMs: round(Math.max(...all.map((r) => pick(r).loafMs))),
      probeMaxGapMs: round(Math.max(...all.map((r) => pick(r).probeMaxGapMs))),
    });
    const worstShell = worst((r) => r.shell.result);
    report({
      name: 'terminal-longest-task',
      unit: 'ms',
      // Chromium's long-task entries: 0 means no task reached 50 ms.
      value: worstShell.longTaskMs,
      longAnimationFrameMs: worstShell.longAnimationFrameMs,
      probeMaxGapMs: worstShell.probeMaxGapMs,
      baselineRun: worst((r) => r.direct.result),
      budget: 50,
    });
  } finally {
    await session.close();
  }
}
