import type { Preventable } from './quitGuard.js';

/** Longest the app waits for its services to close before it quits anyway. */
export const QUIT_CLEANUP_TIMEOUT_MS = 5000;

/**
 * Lets async cleanup (closing the attempt store: the last timer checkpoint, fsync) finish before the
 * app quits: the first `will-quit` that nothing else cancelled is held, cleanup runs, then the app
 * quits again. Register it after the quit guard so a refused quit never starts cleanup.
 */
export function runCleanupBeforeQuit(
  app: { on(event: 'will-quit', listener: (event: Preventable & { readonly defaultPrevented: boolean }) => void): unknown; quit(): void },
  cleanup: () => Promise<void>,
  opts: { onError(error: unknown): void; timeoutMs?: number; setTimer?: (fn: () => void, ms: number) => unknown },
): void {
  let state: 'idle' | 'running' | 'done' = 'idle';
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  app.on('will-quit', (event) => {
    if (event.defaultPrevented || state === 'done') return;
    event.preventDefault();
    if (state === 'running') return;
    state = 'running';
    const timeout = new Promise<void>((resolve) => {
      setTimer(() => {
        if (state !== 'running') return;
        opts.onError(new Error(`cleanup did not finish in ${opts.timeoutMs ?? QUIT_CLEANUP_TIMEOUT_MS} ms; quitting anyway`));
        resolve();
      }, opts.timeoutMs ?? QUIT_CLEANUP_TIMEOUT_MS);
    });
    void Promise.race([cleanup().catch((error: unknown) => opts.onError(error)), timeout]).then(() => {
      state = 'done';
      app.quit();
    });
  });
}
