import { describe, expect, it } from 'vitest';
import { VigilError } from '../../../../../shared/errors.js';
import type { TerminalEvent, TerminalSessionInfo } from '../../../../../shared/terminal.js';
import { TerminalManager } from '../../../../../electron/core/terminal/terminalManager.js';
import type { PtySessionOptions, ShellEnvironment, TerminalSession } from '../../../../../electron/core/terminal/terminalTypes.js';

const environment: ShellEnvironment = {
  detection: { available: true, kind: 'bubblewrap', detail: 'bubblewrap 0.8.0', bwrapPath: '/usr/bin/bwrap' },
  layout: { rootEntries: [], etc: [], toolchain: [], binDirs: [], masks: [] },
};

class FakeSession implements TerminalSession {
  state: 'running' | 'exited' = 'running';
  pid = 1234;
  generation = 1;
  castPath = null;
  sandboxed = true;
  writes: string[] = [];
  acks: number[] = [];
  size: [number, number];
  kills = 0;
  constructor(readonly options: PtySessionOptions) {
    this.id = options.id;
    this.size = [options.cols, options.rows];
  }
  readonly id: string;
  info(): TerminalSessionInfo {
    return { sessionId: this.id, state: this.state, sandboxed: true, network: false, generation: this.generation, cols: this.size[0], rows: this.size[1] };
  }
  flowState() {
    return { paused: false, unacked: 0 };
  }
  recent = Buffer.alloc(0);
  replay() {
    return this.recent;
  }
  write(data: string) {
    this.writes.push(data);
  }
  resize(cols: number, rows: number) {
    this.size = [cols, rows];
  }
  ack(bytes: number) {
    this.acks.push(bytes);
  }
  async restart() {
    this.generation++;
    return this.info();
  }
  async kill() {
    this.kills++;
    this.state = 'exited';
    this.options.onExit(null, 15);
  }
}

function setup() {
  const events: TerminalEvent[] = [];
  const created: FakeSession[] = [];
  let probes = 0;
  const manager = new TerminalManager({
    onEvent: (e) => events.push(e),
    hidePaths: ['/usr/lib/vigil'],
    probeEnvironment: async () => {
      probes++;
      return environment;
    },
    createSession: async (options) => {
      const s = new FakeSession(options);
      created.push(s);
      return s;
    },
  });
  return { manager, events, created, probes: () => probes };
}

const opts = { cwd: '/tmp/ws', cols: 80, rows: 24, sandbox: { enabled: true, network: false } };

describe('TerminalManager', () => {
  it('opens one session per item and returns the open one again, resized', async () => {
    const { manager, created, probes } = setup();
    const [a, b] = await Promise.all([manager.open('sum', opts), manager.open('sum', opts)]);
    expect(a).toBe(b);
    const again = await manager.open('sum', { ...opts, cols: 100, rows: 30 });
    expect(again).toBe(a);
    expect(created).toHaveLength(1);
    expect(created[0]?.size).toEqual([100, 30]);
    expect(created[0]?.options).toMatchObject({ id: 'sum', environment, hidePaths: ['/usr/lib/vigil'] });
    await manager.open('other', opts);
    expect(created).toHaveLength(2);
    expect(probes()).toBe(1);
  });

  it('replays the recent output to a page that opens a running shell again, before returning it', async () => {
    const { manager, events, created } = setup();
    await manager.open('sum', opts);
    expect(events).toEqual([]); // a new shell has nothing to replay
    const session = created[0] as FakeSession;
    session.recent = Buffer.from('$ ls\r\nsum.js\r\n$ ');
    const reopened = manager.open('sum', opts);
    // Emitted synchronously, so it precedes any later output and the reply on the same channel.
    expect(events).toEqual([{ type: 'output', sessionId: 'sum', data: Buffer.from('$ ls\r\nsum.js\r\n$ '), replay: true }]);
    expect(await reopened).toBe(session);
    session.recent = Buffer.alloc(0);
    await manager.open('sum', opts);
    expect(events).toHaveLength(1);
  });

  it('forwards output, exit and error events tagged with the item id', async () => {
    const { manager, events, created } = setup();
    await manager.open('sum', opts);
    const options = created[0]?.options as PtySessionOptions;
    options.onData(Buffer.from('hi'));
    options.onExit(0, null);
    options.onError(new VigilError('storage', 'disk full'));
    expect(events).toEqual([
      { type: 'output', sessionId: 'sum', data: Buffer.from('hi') },
      { type: 'exit', sessionId: 'sum', exitCode: 0, signal: null },
      { type: 'error', sessionId: 'sum', error: { code: 'storage', message: 'disk full' } },
    ]);
  });

  it('routes write, resize, ack and restart to the item, and says not-found for unknown items', async () => {
    const { manager, created } = setup();
    await manager.open('sum', opts);
    manager.write('sum', 'ls\r');
    manager.resize('sum', 90, 20);
    manager.ack('sum', 5000);
    expect(await manager.restart('sum')).toMatchObject({ generation: 2 });
    expect(created[0]).toMatchObject({ writes: ['ls\r'], size: [90, 20], acks: [5000] });
    expect(() => manager.write('nope', 'x')).toThrow(expect.objectContaining({ code: 'not-found' }));
    await expect(async () => manager.restart('nope')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('killAll kills every shell, including one still starting, and forgets them', async () => {
    const { manager, created } = setup();
    await manager.open('a', opts);
    const starting = manager.open('b', opts);
    await manager.killAll();
    await starting;
    expect(created.map((s) => s.kills)).toEqual([1, 1]);
    expect(manager.get('a')).toBeUndefined();
    expect(manager.get('b')).toBeUndefined();
  });

  it('reports the sandbox status for the pre-flight without internals', async () => {
    const { manager } = setup();
    expect(await manager.sandboxStatus()).toEqual({ available: true, kind: 'bubblewrap', detail: 'bubblewrap 0.8.0' });
  });
});
