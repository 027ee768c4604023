import { describe, expect, it } from 'vitest';
import { runCleanupBeforeQuit } from '../../../../electron/main/quitCleanup.js';
import { createFakeApp } from '../../../support/fakeElectron.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('cleanup before quit', () => {
  it('holds the quit until cleanup finished, then quits', async () => {
    const app = createFakeApp();
    const gate = deferred();
    let cleaned = 0;
    runCleanupBeforeQuit(app, async () => {
      cleaned++;
      await gate.promise;
    }, { onError: (e) => { throw e; }, setTimer: () => 0 });
    app.quit();
    expect(app.quitted).toBe(false);
    gate.resolve();
    await new Promise((r) => setImmediate(r));
    expect(cleaned).toBe(1);
    expect(app.quitted).toBe(true);
    expect(app.quitCount).toBe(2);
  });

  it('does not clean up when the quit guard refused the quit', () => {
    const app = createFakeApp();
    app.on('will-quit', (e: { preventDefault(): void }) => e.preventDefault());
    let cleaned = 0;
    runCleanupBeforeQuit(app, async () => void cleaned++, { onError: () => undefined, setTimer: () => 0 });
    app.quit();
    expect(cleaned).toBe(0);
  });

  it('quits anyway when cleanup hangs, and says so', async () => {
    const app = createFakeApp();
    const errors: unknown[] = [];
    let fire: () => void = () => undefined;
    runCleanupBeforeQuit(app, () => new Promise<void>(() => undefined), { onError: (e) => errors.push(e), setTimer: (fn) => void (fire = fn) });
    app.quit();
    fire();
    await new Promise((r) => setImmediate(r));
    expect(app.quitted).toBe(true);
    expect(String(errors[0])).toContain('did not finish');
  });
});
