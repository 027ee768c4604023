import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchElectron } from '../../../electron/cli/start/fetchElectron.js';

/** fetchElectron runs `<package>/install.js`; these stand-ins behave as electron's does when it succeeds, fails or hangs. */
describe('fetchElectron', () => {
  let pkg: string;
  beforeEach(async () => {
    pkg = await mkdtemp(join(tmpdir(), 'vigil-fetch-electron-'));
  });
  afterEach(async () => {
    await rm(pkg, { recursive: true, force: true });
  });
  const script = (body: string) => writeFile(join(pkg, 'install.js'), body);

  it('succeeds when the install script does', async () => {
    await script('process.exit(0);');
    expect(await fetchElectron(pkg, { timeoutMs: 30_000 })).toEqual({ ok: true });
  });

  it("keeps the first line of a failed download's stack trace as the reason", async () => {
    await script("console.error('TypeError: fetch failed\\n    at node:internal/deps/undici/undici:14976:13'); process.exit(1);");
    expect(await fetchElectron(pkg, { timeoutMs: 30_000 })).toEqual({ ok: false, reason: 'the download failed: TypeError: fetch failed' });
  });

  it('gives up on a download that does not finish in time, saying so once it is slow', async () => {
    await script('setInterval(() => {}, 1000);');
    let slow = 0;
    const outcome = await fetchElectron(pkg, { timeoutMs: 1000, slowAfterMs: 200, onSlow: () => slow++ });
    expect(outcome).toEqual({ ok: false, reason: 'the download did not finish within 1 s' });
    expect(slow).toBe(1);
  });
});
