import { describe, expect, it } from 'vitest';
import { decideTarget, type TargetDeps } from '../../../../../electron/cli/start/decideTarget.js';
import type { ElectronProbe } from '../../../../../electron/cli/start/electronBinary.js';
import type { FetchOutcome } from '../../../../../electron/cli/start/fetchElectron.js';

const present: ElectronProbe = { kind: 'present', binary: '/pkg/electron/dist/electron' };
const missing: ElectronProbe = { kind: 'missing', reason: 'its binary was never downloaded', packageDir: '/pkg/electron' };

/** Probes answer in order (the last one repeats); fetches are recorded. */
function deps(probes: ElectronProbe[], fetched: FetchOutcome, extra: Partial<TargetDeps> = {}) {
  const fetches: string[] = [];
  let probeCalls = 0;
  const d: TargetDeps = {
    probe: () => probes[Math.min(probeCalls++, probes.length - 1)] as ElectronProbe,
    fetch: async (dir) => {
      fetches.push(dir);
      return fetched;
    },
    env: {},
    forceBrowser: false,
    ...extra,
  };
  return { d, fetches };
}

describe('decideTarget', () => {
  it('starts the desktop app when the binary is present, without downloading anything', async () => {
    const { d, fetches } = deps([present], { ok: false, reason: 'must not be called' });
    expect(await decideTarget(d)).toEqual({ kind: 'electron', binary: present.binary });
    expect(fetches).toEqual([]);
  });

  it('fetches a missing binary with the package install script, then starts the desktop app', async () => {
    const { d, fetches } = deps([missing, present], { ok: true });
    expect(await decideTarget(d)).toEqual({ kind: 'electron', binary: present.binary });
    expect(fetches).toEqual(['/pkg/electron']);
  });

  it('falls back to the browser with both reasons when the download fails', async () => {
    const { d } = deps([missing], { ok: false, reason: 'the download failed: TypeError: fetch failed' });
    expect(await decideTarget(d)).toEqual({ kind: 'browser', reason: 'its binary was never downloaded and the download failed: TypeError: fetch failed' });
  });

  it('says so when the download "succeeded" but left no binary', async () => {
    const { d } = deps([missing, { ...missing, reason: 'no Electron binary at /x/electron (ELECTRON_OVERRIDE_DIST_PATH)' }], { ok: true });
    expect(await decideTarget(d)).toEqual({ kind: 'browser', reason: 'the download finished, but no Electron binary at /x/electron (ELECTRON_OVERRIDE_DIST_PATH)' });
  });

  it('does not download when ELECTRON_SKIP_BINARY_DOWNLOAD is set, or when there is no electron package', async () => {
    const skip = deps([missing], { ok: true }, { env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    expect(await decideTarget(skip.d)).toEqual({ kind: 'browser', reason: 'its binary was never downloaded and ELECTRON_SKIP_BINARY_DOWNLOAD is set' });
    expect(skip.fetches).toEqual([]);
    const none = deps([{ kind: 'missing', reason: 'the electron package is not installed', packageDir: null }], { ok: true });
    expect(await decideTarget(none.d)).toEqual({ kind: 'browser', reason: 'the electron package is not installed' });
    expect(none.fetches).toEqual([]);
  });

  it('--browser wins over a present binary', async () => {
    const { d } = deps([present], { ok: true }, { forceBrowser: true });
    expect(await decideTarget(d)).toEqual({ kind: 'browser', reason: '--browser was given' });
  });
});
