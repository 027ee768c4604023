import type { FitAddon } from '@xterm/addon-fit';
import type { WebglAddon } from '@xterm/addon-webgl';
import type { ITerminalOptions, ITheme, Terminal } from '@xterm/xterm';
import { HIGH_WATERMARK_BYTES, type TerminalSessionInfo } from '../../../shared/terminal.js';
import { ackMessages, createAckCounter } from './ackCounter.js';
import { lastCopied, rememberCopy } from './clipboardMemory.js';
import { decideCopy, decidePaste, type ClipboardPolicy } from './clipboardPolicy.js';
import type { ConnectionSource } from '../api/connection.js';
import type { CodingApi } from './codingApi.js';
import { terminalKeyAction } from './terminalKeys.js';
import { loadXterm, webglUsable, type XtermModules } from './loadXterm.js';

/** Lines kept above the screen: enough for a test run's output, bounded so memory stays small. */
export const TERMINAL_SCROLLBACK = 5_000;
/** Requests carry at most this much typed or pasted text (the contract's cap). */
const WRITE_CHUNK = 65_536;
const RESIZE_DEBOUNCE_MS = 80;
/**
 * Largest piece handed to xterm at once (see writeOut), in bytes. Larger slices pay xterm's
 * per-write costs (cursor and textarea sync, callback, ack check) less often, but a keystroke's
 * echo waits behind more of a flood. Measured against 64 KiB (docs/terminal.md, 2026-12-04, five
 * interleaved pairs): throughput ratio 0.47-0.53 against 0.44-0.54 (medians 0.496 and 0.505, inside
 * the run-to-run spread), while the echo under a flood went from p50 15-16 / p99 54-70 ms to p50
 * 27-28 / p99 86-96 ms, at the edge of its 100 ms budget.
 */
export const WRITE_SLICE = 16_384;
/**
 * How long xterm must have had nothing queued before the remainder (less than a step) is
 * acknowledged (see writeOut). A flood catches up between most of its frames; acknowledging the
 * remainder each time nearly doubled the ack messages (3,732 in the throughput bench's two 64 MB
 * runs, 2,008 of them whole steps), each a request and a reply on the page's main thread, the
 * flood's bottleneck. Measured: the page's WebSocket sends went from 120 to 89 ms per 64 MB; the
 * throughput change stayed inside the run-to-run spread (docs/terminal.md).
 */
export const REMAINDER_ACK_DELAY_MS = 50;
/** ESC c, a full reset, put before a replay (see replay). */
const FULL_RESET = [0x1b, 0x63];

export type TerminalPhase = 'starting' | 'running' | 'exited' | 'failed';

export interface TerminalSnapshot {
  phase: TerminalPhase;
  info: TerminalSessionInfo | null;
  exit: { exitCode: number | null; signal: number | null } | null;
  /** Why the shell could not be opened or restarted. */
  failure: string | null;
  /** terminalError events and failed requests, newest last (a few at most). */
  errors: string[];
  /** A transient message: a refused paste, "copied inside the exam". */
  notice: string | null;
  renderer: 'webgl' | 'dom' | null;
  screenReaderMode: boolean;
}

export interface TerminalControllerOptions {
  api: CodingApi;
  sessionId: string;
  /** The exam's clipboard policy; `setClipboardPolicy` updates it. */
  clipboardPolicy: ClipboardPolicy;
  highContrast?: boolean;
  /** Replaceable in tests. */
  loadModules?: () => Promise<XtermModules>;
  /** Replaceable in tests (happy-dom has no WebGL). */
  tryWebgl?: () => boolean;
  /**
   * The API connection's state (the headless host's WebSocket can drop). When it comes back the
   * shell is opened again: output sent meanwhile was lost, so the screen is redrawn from the
   * app's replay and what the lost output left unacknowledged is released.
   */
  connection?: ConnectionSource;
}

const THEME: ITheme = { background: '#1b1e23', foreground: '#e8eaed', cursor: '#e8eaed', selectionBackground: '#4b6a9b' };
const HIGH_CONTRAST_THEME: ITheme = { background: '#000000', foreground: '#ffffff', cursor: '#ffe14d', selectionBackground: '#ffe14d', selectionForeground: '#000000' };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One coding item's terminal in the page: an xterm.js instance wired to the item's shell.
 *
 * It outlives the React pane that shows it (see terminalRegistry.ts): when the candidate moves to
 * another question the xterm element is detached but keeps writing output and acknowledging it,
 * so a running program is never paused for want of acks and the scrollback is there on return.
 *
 * Data path: output events carry bytes -> term.write(bytes, callback) (xterm decodes UTF-8, and
 * keeps a sequence split between two writes); the callback counts written bytes and acknowledges
 * them (ackCounter.ts). Keystrokes go out one request each, at once (echo latency matters more
 * than request count).
 */
export class TerminalController {
  readonly sessionId: string;
  /** xterm's own parent, moved between containers; created once so the xterm element survives. */
  readonly host: HTMLDivElement;
  private readonly api: CodingApi;
  private readonly options: TerminalControllerOptions;
  private term: Terminal | null = null;
  private fit: FitAddon | null = null;
  private webgl: WebglAddon | null = null;
  private opened = false;
  private container: HTMLElement | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private resizeFrame = 0;
  private resizeTimer: ReturnType<typeof setTimeout> | null = null;
  private noticeTimer: ReturnType<typeof setTimeout> | null = null;
  /** Output that came before xterm loaded. */
  private readonly queued: Uint8Array[] = [];
  /** Counted writes handed to xterm whose callback has not run yet: 0 means xterm has caught up. */
  private writesQueued = 0;
  /** True while a terminalOpen request is out: the only time a replay is taken. */
  private opening = false;
  private readonly ack = createAckCounter();
  /** Acknowledgements counted in this task, sent together at its end (see acknowledge). */
  private ackDue = 0;
  private ackScheduled = false;
  private remainderTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly stops: Array<() => void> = [];
  private readonly listeners = new Set<() => void>();
  private readonly writeListeners = new Set<(data: Uint8Array) => void>();
  private snapshot: TerminalSnapshot = {
    phase: 'starting',
    info: null,
    exit: null,
    failure: null,
    errors: [],
    notice: null,
    renderer: null,
    screenReaderMode: false,
  };
  private started: Promise<void> | null = null;
  private settle: () => void = () => {};
  /**
   * Settles once the first attempt to open the shell is over (opened, failed, or disposed). The
   * app prepares an item's workspace on first use, and two first uses at once race, so the editor
   * waits for this before its first listing.
   */
  readonly firstOpen: Promise<void> = new Promise((resolve) => {
    this.settle = resolve;
  });
  private clipboard: ClipboardPolicy;
  private highContrast: boolean;
  private disposed = false;

  constructor(options: TerminalControllerOptions) {
    this.options = options;
    this.api = options.api;
    this.sessionId = options.sessionId;
    this.clipboard = options.clipboardPolicy;
    this.highContrast = options.highContrast ?? false;
    this.host = document.createElement('div');
    this.host.className = 'terminal-host';
    // Subscribed before the shell is opened, so its first prompt is never missed.
    this.stops.push(
      this.api.on('terminalOutput', (e) => {
        if (e.sessionId !== this.sessionId) return;
        // A replay answers an open; one meant for another page that (re)opened is not for us.
        if (e.replay) {
          if (this.opening) this.replay(e.data);
          return;
        }
        this.output(e.data);
      }),
      this.api.on('terminalExit', (e) => {
        if (e.sessionId !== this.sessionId) return;
        this.update({ phase: 'exited', exit: { exitCode: e.exitCode, signal: e.signal } });
      }),
      this.api.on('terminalError', (e) => {
        if (e.sessionId === this.sessionId) this.addError(e.error.message);
      }),
    );
    this.host.addEventListener('paste', this.onPaste, true);
    this.host.addEventListener('copy', this.onCopy, true);
    const connection = options.connection;
    if (connection) {
      let last = connection.get();
      this.stops.push(
        connection.subscribe((state) => {
          const cameBack = state === 'open' && last !== 'open';
          last = state;
          if (cameBack && this.term && (this.snapshot.phase === 'running' || this.snapshot.phase === 'exited')) void this.openShell();
        }),
      );
    }
  }

  // ---- state for React (useSyncExternalStore) -------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): TerminalSnapshot => this.snapshot;

  private update(patch: Partial<TerminalSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of [...this.listeners]) l();
  }

  private addError(text: string): void {
    this.update({ errors: [...this.snapshot.errors.slice(-2), text] });
  }

  private showNotice(text: string): void {
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.update({ notice: text });
    this.noticeTimer = setTimeout(() => this.update({ notice: null }), 6_000);
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  /** Loads xterm and opens (or reattaches to) the shell. Safe to call again: it runs once. */
  start(): Promise<void> {
    this.started ??= this.boot();
    return this.started;
  }

  private async boot(): Promise<void> {
    let modules: XtermModules;
    try {
      modules = await (this.options.loadModules ?? loadXterm)();
    } catch (error) {
      this.update({ phase: 'failed', failure: `The terminal could not be loaded: ${message(error)}` });
      this.settle();
      return;
    }
    if (this.disposed) return;
    const term = new modules.Terminal(this.terminalOptions());
    this.term = term;
    this.fit = new modules.FitAddon();
    term.loadAddon(this.fit);
    term.attachCustomKeyEventHandler((event) => this.onKey(event));
    term.onData((data) => this.send(data));
    // Output that arrived while xterm was loading.
    for (const data of this.queued.splice(0)) this.writeOut(data);
    if (this.container) this.openInto(modules);
    else this.pendingModules = modules;
    await this.openShell();
  }

  private pendingModules: XtermModules | null = null;

  /** The xterm options (also used for the benchmark's baseline terminal). */
  terminalOptions(): ITerminalOptions {
    return {
      scrollback: TERMINAL_SCROLLBACK,
      fontFamily: 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 14,
      // Room below the baseline: at 1.0 some fonts' underscores fall outside the row and vanish.
      lineHeight: 1.15,
      cursorBlink: false,
      theme: this.highContrast ? HIGH_CONTRAST_THEME : THEME,
      screenReaderMode: this.snapshot.screenReaderMode,
    };
  }

  private openInto(modules: XtermModules): void {
    const term = this.term;
    if (!term || this.opened) return;
    term.open(this.host);
    this.opened = true;
    const tryWebgl = this.options.tryWebgl ?? webglUsable;
    let renderer: 'webgl' | 'dom' = 'dom';
    if (tryWebgl()) {
      try {
        const webgl = new modules.WebglAddon();
        webgl.onContextLoss(() => this.dropWebgl('the WebGL context was lost'));
        term.loadAddon(webgl);
        this.webgl = webgl;
        renderer = 'webgl';
      } catch (error) {
        // No WebGL 2 after all: xterm keeps its DOM renderer.
        console.info('vigil: terminal WebGL renderer unavailable, using the DOM renderer', error);
      }
    }
    this.update({ renderer });
    this.refit();
  }

  private dropWebgl(reason: string): void {
    console.info(`vigil: terminal falls back to the DOM renderer: ${reason}`);
    this.webgl?.dispose();
    this.webgl = null;
    this.update({ renderer: 'dom' });
  }

  private size(): { cols: number; rows: number } {
    const dims = this.opened ? this.fit?.proposeDimensions() : undefined;
    const cols = dims && Number.isFinite(dims.cols) ? Math.max(2, Math.min(1000, dims.cols)) : (this.term?.cols ?? 80);
    const rows = dims && Number.isFinite(dims.rows) ? Math.max(1, Math.min(1000, dims.rows)) : (this.term?.rows ?? 24);
    return { cols, rows };
  }

  private async openShell(): Promise<void> {
    this.update({ phase: 'starting', failure: null });
    this.opening = true;
    try {
      const info = await this.api.terminalOpen({ sessionId: this.sessionId, ...this.size() });
      if (this.disposed) return;
      // Whatever was sent to a previous page (before a reload) or lost with a dropped connection
      // is unacknowledged for good and would keep the shell paused forever. Acks clamp at zero.
      void this.api.terminalAck({ sessionId: this.sessionId, bytes: HIGH_WATERMARK_BYTES * 2 }).catch((e: unknown) => this.addError(message(e)));
      this.update({ phase: info.state === 'running' ? 'running' : 'exited', info, exit: info.state === 'running' ? null : this.snapshot.exit });
      this.syncSize();
    } catch (error) {
      this.update({ phase: 'failed', failure: message(error) });
    } finally {
      this.opening = false;
      this.settle();
    }
  }

  /** Tries again after a failed open. */
  retry(): Promise<void> {
    if (!this.term) {
      this.started = null;
      return this.start();
    }
    return this.openShell();
  }

  /** Ends the shell and its processes and starts a fresh one in the same workspace. */
  async restart(): Promise<void> {
    if (this.snapshot.phase === 'failed' && !this.snapshot.info) return this.retry();
    this.update({ phase: 'starting', failure: null });
    try {
      const info = await this.api.terminalRestart({ sessionId: this.sessionId });
      // Cleared once the reply is in: the old shell's last output came before it (the session
      // stops forwarding a shell it kills), and the new shell needs far longer to print its
      // first prompt than the reply takes.
      this.term?.reset();
      this.ack.reset();
      this.ackDue = 0;
      this.update({ phase: info.state === 'running' ? 'running' : 'exited', info, exit: null });
      this.syncSize();
    } catch (error) {
      this.update({ phase: 'failed', failure: `The shell could not be restarted: ${message(error)}` });
    }
  }

  /** Shows the terminal in `container` (moving it from wherever it was). */
  attach(container: HTMLElement): void {
    if (this.disposed) return;
    this.container = container;
    container.appendChild(this.host);
    if (this.pendingModules) {
      const modules = this.pendingModules;
      this.pendingModules = null;
      this.openInto(modules);
    }
    this.resizeObserver?.disconnect();
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => this.scheduleRefit());
      this.resizeObserver.observe(container);
    }
    this.scheduleRefit();
  }

  detach(container: HTMLElement): void {
    if (this.container !== container) return;
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    if (this.host.parentElement === container) container.removeChild(this.host);
    this.container = null;
  }

  focus(): void {
    this.term?.focus();
  }

  /** Types a command line into the shell, as the candidate would ("Run tests"). */
  runCommand(command: string): void {
    this.send(`${command}\r`);
  }

  setScreenReaderMode(on: boolean): void {
    if (this.term) this.term.options.screenReaderMode = on;
    this.update({ screenReaderMode: on });
  }

  setClipboardPolicy(policy: ClipboardPolicy): void {
    this.clipboard = policy;
  }

  setHighContrast(on: boolean): void {
    this.highContrast = on;
    if (this.term) this.term.options.theme = on ? HIGH_CONTRAST_THEME : THEME;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.settle();
    for (const stop of this.stops.splice(0)) stop();
    this.resizeObserver?.disconnect();
    if (this.resizeFrame) cancelAnimationFrame(this.resizeFrame);
    if (this.resizeTimer) clearTimeout(this.resizeTimer);
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    if (this.remainderTimer) clearTimeout(this.remainderTimer);
    this.host.removeEventListener('paste', this.onPaste, true);
    this.host.removeEventListener('copy', this.onCopy, true);
    this.webgl?.dispose();
    this.term?.dispose();
    this.host.remove();
    this.listeners.clear();
    this.writeListeners.clear();
  }

  // ---- data path ------------------------------------------------------------------------------

  private output(data: Uint8Array): void {
    if (this.disposed) return;
    if (!this.term) {
      this.queued.push(data);
      return;
    }
    this.writeOut(data);
  }

  /**
   * The app's recent output of the shell, answering our open: it replaces the screen. The full
   * reset (ESC c) goes through xterm's write queue rather than term.reset(), so output queued
   * before it is cleared too instead of being parsed after the reset and shown twice.
   */
  private replay(data: Uint8Array): void {
    // xterm exists by now: the shell is opened only once it has loaded (boot).
    if (this.disposed) return;
    const reset = new Uint8Array(FULL_RESET.length + data.byteLength);
    reset.set(FULL_RESET);
    reset.set(data, FULL_RESET.length);
    this.writeOut(reset, false);
  }

  private writeOut(data: Uint8Array, counted = true): void {
    const term = this.term as Terminal;
    // xterm parses each write whole and yields to rendering and input only between writes, so a
    // large batch goes in slices (views, not copies): no single task grows long, and acks leave as
    // slices complete. A slice may end inside a UTF-8 sequence; xterm completes it from the next.
    for (let at = 0; at < data.byteLength; at += WRITE_SLICE) {
      const piece = data.subarray(at, Math.min(data.byteLength, at + WRITE_SLICE));
      if (counted) this.writesQueued += 1;
      term.write(piece, () => {
        if (counted) {
          this.writesQueued -= 1;
          // Whole steps at once; the remainder once xterm has stayed caught up for a moment.
          this.acknowledge(this.ack.written(piece.byteLength, false));
          if (this.writesQueued === 0) this.acknowledgeRemainderSoon();
        }
        for (const l of this.writeListeners) l(piece);
      });
    }
  }

  /**
   * Acknowledges what is left below a step once xterm has nothing queued REMAINDER_ACK_DELAY_MS
   * from now (else a later catch-up tries again), so a terminal at rest owes nothing. A paused pty
   * does not wait for it: what is held back stays below a step and, with one lost ack, below two,
   * which is below the low watermark (the invariant in shared/terminal.ts).
   */
  private acknowledgeRemainderSoon(): void {
    if (this.remainderTimer !== null) return;
    this.remainderTimer = setTimeout(() => {
      this.remainderTimer = null;
      if (this.writesQueued === 0) this.acknowledge(this.ack.written(0, true));
    }, REMAINDER_ACK_DELAY_MS);
  }

  /**
   * Sends what write callbacks found due, at the end of the task: xterm runs the callbacks of
   * everything it parsed in one task back to back, so a flood costs a few ack messages per task
   * instead of one per slice. No message carries more than ACK_STEP_BYTES (ackMessages), and they
   * leave before the next task.
   */
  private acknowledge(bytes: number): void {
    if (bytes <= 0) return;
    this.ackDue += bytes;
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    queueMicrotask(() => {
      this.ackScheduled = false;
      const due = this.ackDue;
      this.ackDue = 0;
      if (this.disposed) return;
      for (const bytes of ackMessages(due)) void this.api.terminalAck({ sessionId: this.sessionId, bytes }).catch((e: unknown) => this.ackFailed(e));
    });
  }

  private ackFailed(error: unknown): void {
    // After a restart or submit the session may be gone: that is not worth a visible error.
    if (this.snapshot.phase === 'running') this.addError(`Flow control: ${message(error)}`);
  }

  private send(data: string): void {
    if (this.snapshot.phase !== 'running') return;
    for (let i = 0; i < data.length; i += WRITE_CHUNK) {
      void this.api.terminalWrite({ sessionId: this.sessionId, data: data.slice(i, i + WRITE_CHUNK) }).catch((e: unknown) => this.addError(`Input was not delivered: ${message(e)}`));
    }
  }

  /** Test and benchmark hook: called with each output chunk (bytes) once xterm has written it. */
  onWritten(listener: (data: Uint8Array) => void): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  /** Test and benchmark hook: the terminal's text (scrollback and screen), trailing blanks trimmed. */
  text(): string {
    const buffer = this.term?.buffer.active;
    if (!buffer) return '';
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n').replace(/\n+$/, '');
  }

  /** Test and benchmark hook: input as if typed (through xterm's onData). */
  type(data: string): void {
    this.term?.input(data, true);
  }

  // ---- size -----------------------------------------------------------------------------------

  private scheduleRefit(): void {
    if (this.resizeFrame) return;
    this.resizeFrame = requestAnimationFrame(() => {
      this.resizeFrame = 0;
      this.refit();
    });
  }

  private refit(): void {
    if (!this.opened || !this.fit || !this.container) return;
    // A hidden container (display: none) has no size: keep the last one.
    if (this.container.clientWidth === 0 || this.container.clientHeight === 0) return;
    const before = this.term ? `${this.term.cols}x${this.term.rows}` : '';
    this.fit.fit();
    if (this.term && `${this.term.cols}x${this.term.rows}` !== before) this.syncSizeSoon();
  }

  private syncSizeSoon(): void {
    if (this.resizeTimer) clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => {
      this.resizeTimer = null;
      this.syncSize();
    }, RESIZE_DEBOUNCE_MS);
  }

  private lastSent = '';
  private syncSize(): void {
    const term = this.term;
    if (!term || this.snapshot.phase !== 'running') return;
    const key = `${term.cols}x${term.rows}`;
    if (key === this.lastSent) return;
    this.lastSent = key;
    void this.api.terminalResize({ sessionId: this.sessionId, cols: term.cols, rows: term.rows }).catch((e: unknown) => {
      this.lastSent = '';
      this.addError(`Resize: ${message(e)}`);
    });
  }

  // ---- keys and clipboard ---------------------------------------------------------------------

  /** xterm's custom key handler: false leaves the key to the page (or the browser's default). */
  private onKey(event: KeyboardEvent): boolean {
    let action = terminalKeyAction(event);
    if (action === 'copy-or-interrupt') action = this.term?.hasSelection() ? 'copy' : 'shell';
    if (action === 'shell') return true;
    if (event.type !== 'keydown') return false;
    if (action === 'focus-next' || action === 'focus-previous') {
      event.preventDefault();
      moveFocusOutOf(this.host, action === 'focus-next' ? 1 : -1);
    } else if (action === 'copy') {
      event.preventDefault();
      this.copySelection();
      this.term?.clearSelection();
    }
    // 'paste': the browser's paste event follows and onPaste applies the policy. 'page': exam shortcuts.
    return false;
  }

  /**
   * Ctrl+Insert, or Ctrl+C over a selection. Done as a real copy command, so the copy goes the same way as any other (xterm
   * puts its selection on the clipboard, the page's guards and clipboardMemory see the event).
   */
  private copySelection(): void {
    const term = this.term;
    if (!term?.hasSelection()) return;
    const decision = decideCopy(this.clipboard);
    if (decision.kind === 'refuse') {
      this.showNotice(decision.reason);
      return;
    }
    const text = term.getSelection();
    // execCommand is deprecated but is the one way to raise a trusted copy event from a key press.
    if (!this.host.ownerDocument.execCommand('copy')) {
      rememberCopy(text);
      void navigator.clipboard?.writeText(text).catch((error: unknown) => this.showNotice(`Could not copy: ${message(error)}`));
    }
  }

  private readonly onCopy = (event: ClipboardEvent): void => {
    const term = this.term;
    if (!term?.hasSelection()) return;
    const decision = decideCopy(this.clipboard);
    if (decision.kind === 'system') {
      rememberCopy(term.getSelection());
      return; // xterm's own copy handler puts the selection on the clipboard
    }
    event.preventDefault();
    event.stopPropagation();
    this.showNotice(decision.reason);
  };

  /**
   * Every paste into the terminal (keys, middle click) comes through here, after the page's guards
   * (which refuse and report outside content at the window, before it gets here).
   */
  private readonly onPaste = (event: ClipboardEvent): void => {
    event.preventDefault();
    event.stopPropagation();
    const decision = decidePaste(this.clipboard, event.clipboardData?.getData('text/plain') ?? null, lastCopied());
    if (decision.kind === 'refuse') {
      this.showNotice(decision.reason);
      return;
    }
    // term.paste handles bracketed paste mode and line endings, then goes out through onData.
    this.term?.paste(decision.text);
  };
}

/** Moves the focus to the next (or previous) focusable element outside `region`, in page order. */
export function moveFocusOutOf(region: HTMLElement, direction: 1 | -1): void {
  const doc = region.ownerDocument;
  const selector = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';
  const all = [...doc.querySelectorAll<HTMLElement>(selector)].filter((el) => !region.contains(el) && el.getClientRects().length > 0);
  const after = all.filter((el) => region.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  const before = all.filter((el) => region.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
  const target = direction === 1 ? (after[0] ?? before[0]) : (before[before.length - 1] ?? after[after.length - 1]);
  target?.focus();
}
