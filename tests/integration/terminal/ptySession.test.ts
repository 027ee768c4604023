import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACK_STEP_BYTES, HIGH_WATERMARK_BYTES, LOW_WATERMARK_BYTES } from '../../../electron/core/terminal/flowControl.js';
import { PTY_POST_MAX_BYTES, PTY_TRANSIT_MAX_BYTES } from '../../../electron/core/terminal/ptyHost.js';
import { recordingToAsciicast } from '../../../electron/core/terminal/recordingFormat.js';
import { ackMessages, createAckCounter } from '../../../renderer/src/terminal/ackCounter.js';
import type { TerminalSession } from '../../../electron/core/terminal/terminalTypes.js';
import { openShell, pidsByCmdline, processExists, removeDir, tempDir, waitUntil, type ShellUnderTest } from './harness.js';

/** node-pty reads the pty through a stream with 64 KiB reads: one read more may arrive before the pause. */
/**
 * How far past the high watermark output can go: the pty host's reader may have posted up to its
 * transit bound, plus the post that crossed it, before the pause reaches it.
 */
const PAST_HIGH = PTY_TRANSIT_MAX_BYTES + PTY_POST_MAX_BYTES + 64 * 1024;

let root: string;
let shells: ShellUnderTest[] = [];
beforeEach(async () => {
  root = await tempDir('vigil-pty-');
  shells = [];
});
afterEach(async () => {
  await Promise.all(shells.map((s) => s.session.kill()));
  await removeDir(root);
});

async function shell(options: Parameters<typeof openShell>[0]): Promise<ShellUnderTest> {
  const s = await openShell(options);
  shells.push(s);
  return s;
}

const unique = () => `${1000 + Math.floor(Math.random() * 1000)}.${Math.floor(Math.random() * 1e6)}`;

describe.each([
  { mode: 'unsandboxed', sandbox: { enabled: false, network: false } },
  { mode: 'sandboxed', sandbox: { enabled: true, network: false } },
])('a real shell, $mode', ({ sandbox }) => {
  it('echoes a command round trip, with a clean environment', async () => {
    process.env.VIGIL_TEST_SECRET = 'hunter2';
    try {
      const s = await shell({ cwd: root, sandbox });
      await s.run('echo "sum=$((6*7))"', 'sum=42');
      const env = await s.run('echo "[$TERM|$LANG|${VIGIL_TEST_SECRET:-none}|$(pwd)|$HOME]"', /\[xterm-256color\|C\.UTF-8\|none\|[^|\]]+\|[^\]]+\]/);
      const home = sandbox.enabled ? '/workspace' : root;
      expect(env).toContain(`|none|${home}|${home}]`);
    } finally {
      delete process.env.VIGIL_TEST_SECRET;
    }
  });

  it('a resize is seen by stty size', async () => {
    const s = await shell({ cwd: root, sandbox, cols: 80, rows: 24 });
    await s.run('stty size', '24 80');
    s.session.resize(132, 43);
    await s.run('stty size', '43 132');
    expect(s.session.info()).toMatchObject({ cols: 132, rows: 43 });
  });

  it('killing the session leaves no process behind, not even setsid or nohup ones', async () => {
    const s = await shell({ cwd: root, sandbox, killGraceMs: 500 });
    const [a, b, c, d] = [unique(), unique(), unique(), unique()];
    await s.run(`sleep ${a} & echo "bg=$!"`, /bg=\d+/);
    await s.run(`setsid sleep ${b} & echo started-b`, /started-b/);
    await s.run(`nohup sleep ${c} >/dev/null 2>&1 & echo started-c`, /started-c/);
    // Ignores SIGHUP and SIGTERM: only SIGKILL after the grace period ends it.
    await s.run(`sh -c 'trap "" HUP TERM; while :; do sleep ${d}; done' & echo started-d`, /started-d/);
    const shellPid = s.session.pid as number;
    let pids: number[] = [];
    await waitUntil(() => {
      const found = [a, b, c, d].map((n) => pidsByCmdline(`sleep ${n}`));
      pids = found.flat();
      return found.every((f) => f.length > 0);
    }, 'the four background sleeps to start');
    const escaped = pidsByCmdline(`sleep ${b}`)[0] as number;
    // The setsid one really left the shell's session.
    const sid = (pid: number) => Number((readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ')[3]);
    expect(sid(escaped)).not.toBe(sid(shellPid));

    await s.session.kill();
    expect(s.session.state).toBe('exited');
    expect(s.exits).toHaveLength(1);
    for (const pid of [shellPid, ...pids]) {
      // kill() resolves once every process is dead; an orphan's zombie lasts until init reaps it.
      await waitUntil(() => !processExists(pid), `pid ${pid} to be gone (ESRCH)`, 5000);
    }
    expect([shellPid, ...pids].filter(processExists)).toEqual([]);
  });

  it('when the shell exits by itself, what it left in the background is ended too', async () => {
    const s = await shell({ cwd: root, sandbox, killGraceMs: 500 });
    const n = unique();
    await s.run(`setsid sleep ${n} & echo started-bg`, /started-bg/);
    let pids: number[] = [];
    await waitUntil(() => (pids = pidsByCmdline(`sleep ${n}`)).length > 0, 'the background sleep to start');
    s.session.write('exit\r');
    await waitUntil(() => s.exits.length === 1, 'the shell to exit');
    expect(s.session.state).toBe('exited');
    for (const pid of pids) await waitUntil(() => !processExists(pid), `pid ${pid} to be gone (ESRCH)`, 5000);
  });

  it('restart starts a new shell (new pid, new recording) and ends the old one without an exit event', async () => {
    const s = await shell({ cwd: root, sandbox, recordDir: join(root, 'terminal') });
    await s.run('echo first-$((1+1))', 'first-2');
    const first: Pick<TerminalSession, 'pid' | 'castPath' | 'generation'> = { pid: s.session.pid, castPath: s.session.castPath, generation: s.session.generation };
    const info = await s.session.restart();
    expect(info).toMatchObject({ state: 'running', generation: 2, sandboxed: sandbox.enabled });
    expect(s.session.pid).not.toBe(first.pid);
    expect(processExists(first.pid as number)).toBe(false);
    expect(first.castPath).toBe(join(root, 'terminal', 'item-1.rec'));
    expect(s.session.castPath).toBe(join(root, 'terminal', 'item-2.rec'));
    await s.run('echo second-$((2+2))', 'second-4');
    expect(s.exits).toEqual([]);
    expect(recordingToAsciicast(await readFile(first.castPath as string)).text).toContain('first-2');
  });
});


describe('output data path', () => {
  it('multi-byte characters across read boundaries arrive whole (no U+FFFD)', async () => {
    const s = await shell({ cwd: root });
    const lines = 30_000;
    const out = await s.run(`yes '€😀ü' | head -n ${lines}; echo "done-$((3*3))"`, 'done-9', 30_000);
    expect(out).not.toContain('\uFFFD');
    // The command line's echo holds the text too, but quoted and not at a line end.
    expect(out.split('€😀ü\r\n').length - 1).toBe(lines);
  });

  it('a flood against a slow renderer pauses the pty with bounded unacked output, and resumes after acks', async () => {
    let received = 0;
    const s = await shell({ cwd: root, autoAck: false, onChunk: (c) => (received += c.length) });
    let maxUnacked = 0;
    const sample = () => {
      maxUnacked = Math.max(maxUnacked, s.session.flowState().unacked);
      return s.session.flowState().paused;
    };
    s.session.write('yes\r');
    await waitUntil(sample, 'the pty to pause');
    // What the reader had read before the pause reached it still arrives: posts in transit, and
    // reads it was still joining (posted within 1 ms), then the last batch (within 5 ms). Counts
    // that agree for an instant can still have a post on its way, so the output must also have
    // stayed still for 100 ms. After that the pty is not read, so nothing more arrives however long
    // `yes` keeps trying.
    let last = -1;
    let stillSince = performance.now();
    await waitUntil(() => {
      if (received !== last) {
        last = received;
        stillSince = performance.now();
      }
      return received === s.session.flowState().unacked && performance.now() - stillSince >= 100;
    }, 'the last batch before the pause');
    const atPause = received;
    await new Promise((r) => setTimeout(r, 300));
    sample();
    expect(received).toBe(atPause);
    expect(maxUnacked).toBeGreaterThan(HIGH_WATERMARK_BYTES);
    expect(maxUnacked).toBeLessThanOrEqual(HIGH_WATERMARK_BYTES + PAST_HIGH);
    expect(s.session.flowState().unacked).toBe(received);

    // The renderer catches up: still paused until below the low watermark.
    s.session.ack(received - LOW_WATERMARK_BYTES);
    expect(s.session.flowState().paused).toBe(true);
    s.session.ack(LOW_WATERMARK_BYTES);
    expect(s.session.flowState()).toEqual({ paused: false, unacked: 0 });
    await waitUntil(() => received > atPause, 'output to flow again after the acks');

    // Ctrl-C ends the flood once the renderer keeps acking.
    s.session.write('\x03');
    const acker = setInterval(() => s.session.ack(Math.max(1, s.session.flowState().unacked)), 5);
    try {
      s.mark();
      s.session.write('echo "flood-over-$((5+5))"\r');
      await s.waitFor('flood-over-10', 20_000);
    } finally {
      clearInterval(acker);
    }
    expect(maxUnacked).toBeLessThanOrEqual(HIGH_WATERMARK_BYTES + PAST_HIGH);
  });

  it('a paused pty resumes and the program finishes though one acknowledgement is lost', async () => {
    // A renderer as terminalController acks: whole steps while behind, all once caught up, no
    // message above ACK_STEP_BYTES; the first ack sent while the pty is paused never arrives.
    const counter = createAckCounter();
    let queued = 0;
    let lost = 0;
    let pauses = 0;
    let wasPaused = false;
    const s = await shell({ cwd: root, autoAck: false, onChunk: (c) => (queued += c.length) });
    const renderer = setInterval(() => {
      const paused = s.session.flowState().paused;
      if (paused && !wasPaused) pauses++;
      wasPaused = paused;
      // xterm is busy (writes nothing) until the pty has paused once, then writes what came in
      // slices of 16 KiB, a few per task.
      if (pauses === 0) return;
      let due = 0;
      for (let slices = 0; slices < 8 && queued > 0; slices++) {
        const n = Math.min(16_384, queued);
        queued -= n;
        due += counter.written(n, queued === 0);
      }
      for (const bytes of ackMessages(due)) {
        if (paused && lost === 0) lost = bytes;
        else s.session.ack(bytes);
      }
    }, 2);
    try {
      await s.run(`yes | head -c ${8 * HIGH_WATERMARK_BYTES}; echo "lost-ack-$((6+1))"`, 'lost-ack-7', 30_000);
      // The prompt after it, written and acknowledged too.
      await s.waitFor(/lost-ack-7\r\n.*[$#] $/s);
      await waitUntil(() => queued === 0 && s.session.flowState().unacked === lost, 'every ack but the lost one to arrive');
    } finally {
      clearInterval(renderer);
    }
    expect(pauses).toBeGreaterThan(0);
    expect(lost).toBeGreaterThan(0);
    expect(lost).toBeLessThanOrEqual(ACK_STEP_BYTES);
    // What stays counted is the lost ack, below the low watermark: the pty is not paused.
    expect(s.session.flowState().paused).toBe(false);
    expect(s.session.flowState().unacked).toBe(lost);
  });
});
