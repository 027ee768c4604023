import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { isHighContrast } from '../store/prefsSlice.js';
import type { ConnectionSource } from '../api/connection.js';
import type { AppStore } from '../store/appStore.js';
import { useApp, useAppStore } from '../store/StoreProvider.js';
import type { ClipboardPolicy } from './clipboardPolicy.js';
import type { CodingApi } from './codingApi.js';
import type { TerminalController } from './terminalController.js';
import { terminalFor } from './terminalRegistry.js';
import './terminal.css';

/**
 * The coding item's terminal controller (one per item and page, see terminalRegistry.ts), kept in
 * step with the store's clipboard policy and contrast setting.
 */
export function useItemTerminal(api: CodingApi, itemId: string): TerminalController {
  const policy = useApp((s) => (s.exam?.policy.clipboard ?? 'isolated') as ClipboardPolicy);
  const highContrast = useApp(isHighContrast);
  const store = useAppStore();
  // Created once per item; the policy and contrast are pushed into it below.
  const controller = useMemo(
    () => terminalFor({ api, sessionId: itemId, clipboardPolicy: policy, highContrast, connection: storeConnection(store) }),
    [api, itemId],
  );
  useEffect(() => controller.setClipboardPolicy(policy), [controller, policy]);
  useEffect(() => controller.setHighContrast(highContrast), [controller, highContrast]);
  return controller;
}

/** The connection state as the store tracks it, for a terminal that outlives the pane. */
function storeConnection(store: AppStore): ConnectionSource {
  return {
    get: () => store.getState().connection,
    subscribe: (listener) =>
      store.subscribe((state, previous) => {
        if (state.connection !== previous.connection) listener(state.connection);
      }),
  };
}

/** The coding item's terminal pane, wired to the store. */
export function TerminalPane({ itemId, testCommand, api }: { itemId: string; testCommand?: string; api: CodingApi }) {
  const controller = useItemTerminal(api, itemId);
  return <TerminalPaneView controller={controller} itemId={itemId} {...(testCommand ? { testCommand } : {})} />;
}

function exitText(exit: { exitCode: number | null; signal: number | null } | null): string {
  if (!exit) return '';
  if (exit.signal !== null) return ` (signal ${exit.signal})`;
  if (exit.exitCode !== null && exit.exitCode !== 0) return ` (exit code ${exit.exitCode})`;
  return '';
}

/**
 * The terminal pane: its toolbar (Run tests, Restart shell, screen reader mode), the shell's state
 * (starting, exited, failed, errors) and xterm itself. Keyboard: Tab belongs to the shell inside
 * the terminal; F6 / Shift+F6 leave it (docs/keyboard.md).
 */
export function TerminalPaneView({ controller, itemId, testCommand }: { controller: TerminalController; itemId: string; testCommand?: string }) {
  const snap = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const container = useRef<HTMLDivElement>(null);
  const [confirmRestart, setConfirmRestart] = useState(false);
  const titleId = `${itemId}-terminal-title`;
  const helpId = `${itemId}-terminal-help`;

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    controller.attach(el);
    void controller.start();
    return () => controller.detach(el);
  }, [controller]);

  const running = snap.phase === 'running';
  return (
    <section className="terminal-pane-live" aria-labelledby={titleId} data-testid="terminal-pane" data-phase={snap.phase} data-renderer={snap.renderer ?? ''}>
      <div className="terminal-toolbar">
        <h3 id={titleId} className="pane-title">
          Terminal
        </h3>
        {testCommand ? (
          <button type="button" className="button button--small" disabled={!running} title={`Types "${testCommand}" into the terminal`} onClick={() => controller.runCommand(testCommand)} data-testid="run-tests">
            Run tests
          </button>
        ) : null}
        <button type="button" className="button button--small" onClick={() => setConfirmRestart(true)} disabled={snap.phase === 'starting'} data-testid="restart-shell">
          Restart shell
        </button>
        <button type="button" className="button button--small" aria-pressed={snap.screenReaderMode} onClick={() => controller.setScreenReaderMode(!snap.screenReaderMode)}>
          Screen reader mode
        </button>
      </div>
      <p id={helpId} className="terminal-help">
        Inside the terminal Tab completes in the shell; press <kbd>F6</kbd> to leave it (<kbd>Shift</kbd>+<kbd>F6</kbd> back). Select text and press <kbd>Ctrl</kbd>+<kbd>C</kbd> to copy it (with nothing selected <kbd>Ctrl</kbd>+<kbd>C</kbd> interrupts); paste with <kbd>Ctrl</kbd>+<kbd>V</kbd>.
        {snap.info && !snap.info.sandboxed ? ' This shell is not sandboxed on this computer.' : ''}
      </p>
      {snap.phase === 'exited' ? (
        <div role="status" className="terminal-banner" data-testid="terminal-exited">
          The shell exited{exitText(snap.exit)}.{' '}
          <button type="button" className="button button--small" onClick={() => void controller.restart()}>
            Restart
          </button>
        </div>
      ) : null}
      {snap.phase === 'failed' ? (
        <div role="alert" className="terminal-banner terminal-banner--error" data-testid="terminal-failed">
          The terminal is not available: {snap.failure}{' '}
          <button type="button" className="button button--small" onClick={() => void (snap.info ? controller.restart() : controller.retry())}>
            Try again
          </button>
        </div>
      ) : null}
      {snap.errors.length > 0 ? (
        <ul role="alert" className="terminal-errors" data-testid="terminal-errors">
          {snap.errors.map((e, i) => (
            <li key={`${i}-${e}`}>{e}</li>
          ))}
        </ul>
      ) : null}
      <p role="status" className="terminal-notice">
        {snap.notice ?? ''}
      </p>
      <div ref={container} className="terminal-container" role="group" aria-label="Terminal: the shell of this question" aria-describedby={helpId} aria-busy={snap.phase === 'starting'} />
      {confirmRestart ? (
        <ConfirmDialog
          title="Restart the shell?"
          confirmLabel="Restart shell"
          onCancel={() => setConfirmRestart(false)}
          onConfirm={() => {
            setConfirmRestart(false);
            void controller.restart().then(() => controller.focus());
          }}
          testId="restart-confirm"
        >
          <p>Programs running in the terminal are stopped. Your files stay as they are.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
