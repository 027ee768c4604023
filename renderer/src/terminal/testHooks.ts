import type { TerminalController } from './terminalController.js';
import { loadXterm } from './loadXterm.js';

/**
 * Hooks for the end-to-end tests and the terminal benchmarks, on `window.__vigilTerminals`. They
 * exist only when the page was opened with `?bench` or the `vigil:test-hooks` local-storage flag is
 * "1": a normal exam page has no such global. They do nothing the candidate cannot do by typing.
 */
export interface TerminalTestHandle {
  sessionId: string;
  /** Input as if typed, through xterm's onData. */
  type(data: string): void;
  /** The terminal's text: scrollback and screen. */
  text(): string;
  /** Calls back with each output chunk (bytes) once xterm has written it, with performance.now(). */
  onWritten(listener: (data: Uint8Array, at: number) => void): () => void;
  renderer(): 'webgl' | 'dom' | null;
  phase(): string;
  /**
   * The baseline for the throughput benchmark: a second xterm with the same options in the same
   * page, mounted in `container`, that is written to directly (no shell, no transport).
   */
  createBaseline(container: HTMLElement): Promise<{ write(data: string | Uint8Array, callback: () => void): void; dispose(): void }>;
}

declare global {
  interface Window {
    __vigilTerminals?: Record<string, TerminalTestHandle>;
  }
}

export function testHooksEnabled(win: Window = window): boolean {
  try {
    return new URLSearchParams(win.location.search).has('bench') || win.localStorage.getItem('vigil:test-hooks') === '1';
  } catch (error) {
    // Storage can be unavailable (privacy settings): then only the query string counts.
    console.info('vigil: test hooks check', error);
    return new URLSearchParams(win.location.search).has('bench');
  }
}

export function exposeTerminal(controller: TerminalController, win: Window = window): void {
  if (!testHooksEnabled(win)) return;
  const handles = (win.__vigilTerminals ??= {});
  handles[controller.sessionId] = {
    sessionId: controller.sessionId,
    type: (data) => controller.type(data),
    text: () => controller.text(),
    onWritten: (listener) => controller.onWritten((data) => listener(data, performance.now())),
    renderer: () => controller.getSnapshot().renderer,
    phase: () => controller.getSnapshot().phase,
    async createBaseline(container) {
      const { Terminal } = await loadXterm();
      const term = new Terminal(controller.terminalOptions());
      term.open(container);
      return { write: (data, callback) => term.write(data, callback), dispose: () => term.dispose() };
    },
  };
}

export function forgetTerminal(sessionId: string, win: Window = window): void {
  if (win.__vigilTerminals) delete win.__vigilTerminals[sessionId];
}
