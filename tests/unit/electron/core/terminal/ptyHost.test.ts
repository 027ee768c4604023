import { afterEach, describe, expect, it } from 'vitest';
import { PTY_POST_MAX_BYTES, PTY_TRANSIT_MAX_BYTES, PtyHost, unpackedPath, type PtyProcess, type PtySink } from '../../../../../electron/core/terminal/ptyHost.js';

/** The real reader worker and real ptys (`/bin/sh`); nothing of ours is replaced. */

/** node's read size: a pty read returns at most this (usually a few KiB). */
const ONE_READ = 64 * 1024;

interface Collected {
  chunks: Buffer[];
  bytes: number;
  errors: string[];
  exit: { exitCode: number | null; signal: number | null } | null;
  /** What `exit` saw as already received: output after the exit would break the order. */
  bytesAtExit: number;
}

function collector(): { sink: PtySink; got: Collected } {
  const got: Collected = { chunks: [], bytes: 0, errors: [], exit: null, bytesAtExit: -1 };
  const sink: PtySink = {
    data(chunk) {
      got.chunks.push(chunk);
      got.bytes += chunk.length;
    },
    exit(exitCode, signal) {
      got.exit = { exitCode, signal };
      got.bytesAtExit = got.bytes;
    },
    error(message) {
      got.errors.push(message);
    },
  };
  return { sink, got };
}

async function waitUntil(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function sh(script: string, cols = 80, rows = 24) {
  return { file: '/bin/sh', args: ['-c', script], name: 'xterm-256color', cols, rows, cwd: '/tmp', env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } };
}

/** Blocks this thread (as a long task in the host would) without giving the event loop a turn. */
function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const text = (got: Collected) => Buffer.concat(got.chunks).toString('utf8');

describe('PtyHost', () => {
  const pids: number[] = [];
  // Each test has a reader of its own; an idle reader does not keep the process alive.
  const newHost = () => new PtyHost();
  const track = (p: PtyProcess) => {
    pids.push(p.pid);
    return p;
  };

  afterEach(async () => {
    for (const pid of pids.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
  });

  /** A shell running `yes`, listened to, once a megabyte has come. */
  const flooding = async (host: PtyHost) => {
    const { sink, got } = collector();
    const p = track(await host.spawn(sh('exec yes')));
    p.listen(sink);
    await waitUntil(() => got.bytes > 1_000_000, 'the flood');
    return { p, got };
  };

  /** After `settleMs` for what was on its way, nothing more for 300 ms; then resume() lets the flood go on. */
  const heldUntilResumed = async (p: PtyProcess, got: Collected, settleMs: number) => {
    await new Promise((r) => setTimeout(r, settleMs));
    const atPause = got.bytes;
    await new Promise((r) => setTimeout(r, 300));
    expect(got.bytes).toBe(atPause);
    p.resume();
    await waitUntil(() => got.bytes > atPause + 1_000_000, 'the flood after resume');
  };

  it('delivers a program’s output byte for byte and in order, then its exit code after the last byte', async () => {
    const host = newHost();
    const { sink, got } = collector();
    // It waits for a line before it exits: on Linux node-pty can lose what a program wrote just
    // before it exited (node-pty issues 85 and 726; docs/terminal.md), reader thread or not.
    const p = track(await host.spawn(sh('seq 1 200000; read line; exit 3')));
    p.listen(sink);
    const expected = Array.from({ length: 200000 }, (_, i) => `${i + 1}\r\n`).join('');
    await waitUntil(() => got.bytes >= Buffer.byteLength(expected), 'the output');
    p.write('\r');
    await waitUntil(() => got.exit !== null, 'the exit');
    // The line typed is echoed.
    expect(text(got)).toBe(`${expected}\r\n`);
    expect(got.exit).toEqual({ exitCode: 3, signal: 0 });
    expect(got.bytesAtExit).toBe(Buffer.byteLength(expected) + 2);
    // Joined on the reader's side: far fewer messages than the pty's reads of at most 4 KiB.
    expect(got.chunks.length).toBeLessThan(Buffer.byteLength(expected) / 4096);
    expect(Math.max(...got.chunks.map((c) => c.length))).toBeLessThanOrEqual(PTY_POST_MAX_BYTES + ONE_READ);
  });

  it('holds what came before listen() and delivers it first, in order', async () => {
    const host = newHost();
    const p = track(await host.spawn(sh('printf early; exit 0')));
    await new Promise((r) => setTimeout(r, 300));
    const { sink, got } = collector();
    p.listen(sink);
    expect(text(got)).toBe('early');
    expect(got.exit).toEqual({ exitCode: 0, signal: 0 });
    expect(() => p.listen(collector().sink)).toThrow(/one listener/);
  });

  it('takes input and resizes to the pty', async () => {
    const host = newHost();
    const { sink, got } = collector();
    const p = track(await host.spawn(sh('read line; stty size; echo "got:$line"; exit 0', 80, 24)));
    p.listen(sink);
    p.resize(100, 40);
    p.write('hello\r');
    await waitUntil(() => got.exit !== null, 'the exit');
    expect(text(got)).toContain('40 100');
    expect(text(got)).toContain('got:hello');
  });

  it('pause stops the output and resume lets it flow again', async () => {
    const { p, got } = await flooding(newHost());
    p.pause();
    // What the reader had read before the pause reached it still arrives; then nothing more.
    await heldUntilResumed(p, got, 200);
  });

  it('a shell that ends while its pty is paused still delivers what it wrote last', async () => {
    const host = newHost();
    const { sink, got } = collector();
    // 3,000 bytes fit in the pty's buffers, so the shell ends while nothing reads them; node-pty
    // destroys an unread pty 200 ms after its process ends, and all 3,000 were lost that way.
    const p = track(await host.spawn(sh(`sleep 0.3; head -c 3000 /dev/zero | tr '\\0' x; exit 0`)));
    p.listen(sink);
    p.pause();
    await new Promise((r) => setTimeout(r, 900));
    p.resume();
    await waitUntil(() => got.exit !== null, 'the exit');
    expect(text(got)).toBe('x'.repeat(3000));
    expect(got.exit).toEqual({ exitCode: 0, signal: 0 });
  });

  it('stops reading a pty while this thread is busy: no more than the transit bound piles up, and it goes on after', async () => {
    const host = newHost();
    const { sink, got } = collector();
    const p = track(await host.spawn(sh('exec yes')));
    p.listen(sink);
    await waitUntil(() => got.bytes > 1_000_000, 'the flood');
    // yes writes far more than the bound in 500 ms (tens of MB/s): only the bound stops it.
    blockFor(500);
    const piled = p.inTransit();
    expect(piled).toBeGreaterThan(PTY_TRANSIT_MAX_BYTES);
    expect(piled).toBeLessThanOrEqual(PTY_TRANSIT_MAX_BYTES + PTY_POST_MAX_BYTES + ONE_READ);
    const before = got.bytes;
    await waitUntil(() => got.bytes > before + piled + 1_000_000, 'reading to go on once this thread took the pile in');
  });

  it('a stall that drains leaves a pty that flow control paused meanwhile paused', async () => {
    const { p, got } = await flooding(newHost());
    blockFor(500); // the reader stalls at its transit bound
    p.pause(); // flow control pauses before this thread has taken the pile in
    // Taking the pile in lifts the stall ('drained'), but not flow control's pause.
    await heldUntilResumed(p, got, 300);
  });

  it('rejects a spawn node-pty refuses, and the reader goes on serving others', async () => {
    const host = newHost();
    await expect(host.spawn({ ...sh('exit 0'), file: 42 as unknown as string })).rejects.toThrow(/./);
    const { sink, got } = collector();
    track(await host.spawn(sh('printf still-here; exit 0'))).listen(sink);
    await waitUntil(() => got.exit !== null, 'the exit');
    expect(text(got)).toBe('still-here');
  });
});

describe('unpackedPath', () => {
  it('moves node-pty from the packaged app\'s asar archive to the unpacked copy electron-builder makes (asarUnpack)', () => {
    expect(unpackedPath('/opt/Vigil/resources/app.asar/node_modules/node-pty/lib/index.js')).toBe('/opt/Vigil/resources/app.asar.unpacked/node_modules/node-pty/lib/index.js');
    expect(unpackedPath('C:\\Program Files\\Vigil\\resources\\app.asar\\node_modules\\node-pty\\lib\\index.js')).toBe(
      'C:\\Program Files\\Vigil\\resources\\app.asar.unpacked\\node_modules\\node-pty\\lib\\index.js',
    );
  });

  it('leaves a path outside an archive alone, an already unpacked one and a folder that only ends in app.asar included', () => {
    for (const path of ['/work/main/node_modules/node-pty/lib/index.js', '/opt/Vigil/resources/app.asar.unpacked/node_modules/node-pty/lib/index.js', '/home/me/myapp.asar/node_modules/node-pty/lib/index.js']) {
      expect(unpackedPath(path)).toBe(path);
    }
  });
});
