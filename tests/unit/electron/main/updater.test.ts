import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { certificateFingerprint } from '../../../../electron/core/update/pinnedCertificate.js';
import type { UpdateActivity } from '../../../../electron/core/update/updatePolicy.js';
import { autoUpdaterPort, setUpUpdater, type AutoUpdaterLike, type CertificateVerifySession } from '../../../../electron/main/updater.js';

type Proc = Parameters<CertificateVerifySession['setCertificateVerifyProc']>[0];

/** The autoUpdater surface the adapter touches, recording what it is told. */
function fakeAutoUpdater(opts: { check?: () => Promise<unknown>; download?: (token: { cancelled: boolean; on(e: 'cancel', f: () => void): void }) => Promise<string[]> } = {}) {
  const feeds: unknown[] = [];
  const flagsAtDownload: boolean[] = [];
  const updater = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    disableDifferentialDownload: false,
    logger: null,
    setFeedURL: (options: unknown) => feeds.push(options),
    checkForUpdates: () => (opts.check ?? (async () => ({ isUpdateAvailable: true, updateInfo: { version: '0.2.0' } })))(),
    downloadUpdate: (token: { cancelled: boolean; on(e: 'cancel', f: () => void): void }) => {
      flagsAtDownload.push(updater.autoInstallOnAppQuit);
      return (opts.download ?? (async () => ['/cache/pending/Vigil.deb']))(token);
    },
  };
  return { updater: updater as unknown as AutoUpdaterLike, raw: updater, feeds, flagsAtDownload };
}

const idle: UpdateActivity = { attempt: null };

describe('setUpUpdater', () => {
  it('points the autoUpdater at the provisioned hub feed and turns off its own automatic behaviour', () => {
    const f = fakeAutoUpdater();
    const set = setUpUpdater({ autoUpdater: f.updater, provisioning: { hub: { url: 'https://10.0.0.5:8443', fingerprint: null }, updates: { channel: 'beta', enabled: true } }, activity: () => idle });
    expect(set).toMatchObject({ enabled: true, feedUrl: 'https://10.0.0.5:8443/updates/beta/' });
    expect(f.feeds).toEqual([{ provider: 'generic', url: 'https://10.0.0.5:8443/updates/beta/', channel: 'latest' }]);
    expect(f.raw).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, disableDifferentialDownload: true });
  });

  it('is off without a hub or when disabled, and then never arms anything', () => {
    for (const provisioning of [
      { hub: null, updates: { channel: 'stable', enabled: true } },
      { hub: { url: 'https://hub', fingerprint: null }, updates: { channel: 'stable', enabled: false } },
    ]) {
      const f = fakeAutoUpdater();
      const set = setUpUpdater({ autoUpdater: f.updater, provisioning, activity: () => idle });
      expect(set.enabled).toBe(false);
      expect(f.feeds).toEqual([]);
      expect(f.raw).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false });
    }
  });

  it('pins the hub certificate on the updater session: the pinned one passes, another is refused, other hosts are left alone', async () => {
    const hubCert = (await generate([{ name: 'commonName', value: 'hub' }], { keyType: 'ec', curve: 'P-256' })).cert;
    const otherCert = (await generate([{ name: 'commonName', value: 'other' }], { keyType: 'ec', curve: 'P-256' })).cert;
    let proc: Proc = null;
    const netSession: CertificateVerifySession = { setCertificateVerifyProc: (p) => (proc = p) };
    const f = fakeAutoUpdater();
    setUpUpdater({ autoUpdater: f.updater, netSession, provisioning: { hub: { url: 'https://10.0.0.5:8443', fingerprint: certificateFingerprint(hubCert) }, updates: { channel: 'stable', enabled: true } }, activity: () => idle });
    expect(proc).not.toBeNull();
    const verify = (hostname: string, data: string) => new Promise<number>((resolve) => proc?.({ hostname, certificate: { data } }, resolve));
    expect(await verify('10.0.0.5', hubCert)).toBe(0);
    expect(await verify('10.0.0.5', otherCert)).toBe(-2);
    expect(await verify('example.org', otherCert)).toBe(-3);
  });
});

describe('autoUpdaterPort', () => {
  it('reports a newer version, or null when current or not packaged', async () => {
    expect(await autoUpdaterPort(fakeAutoUpdater().updater, false, () => undefined).check()).toEqual({ version: '0.2.0' });
    const current = fakeAutoUpdater({ check: async () => ({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } }) });
    expect(await autoUpdaterPort(current.updater, false, () => undefined).check()).toBeNull();
    const logs: string[] = [];
    expect(await autoUpdaterPort(fakeAutoUpdater({ check: async () => null }).updater, false, (l) => logs.push(l)).check()).toBeNull();
    expect(logs).toEqual(['updater: inactive (not a packaged build)']);
  });

  it('downloads with install-on-quit raised (so electron-updater registers its quit handler) and lowers it until armed', async () => {
    const f = fakeAutoUpdater();
    const port = autoUpdaterPort(f.updater, false, () => undefined);
    expect(await port.download()).toBe('downloaded');
    expect(f.flagsAtDownload).toEqual([true]);
    expect(f.raw.autoInstallOnAppQuit).toBe(false);
    port.setInstallOnQuit(true);
    expect(f.raw.autoInstallOnAppQuit).toBe(true);
    port.setInstallOnQuit(false);
    expect(f.raw.autoInstallOnAppQuit).toBe(false);
  });

  it('on macOS says a download arms the installer, and leaves it raised', async () => {
    const f = fakeAutoUpdater();
    const port = autoUpdaterPort(f.updater, true, () => undefined);
    expect(port.downloadArmsInstall).toBe(true);
    await port.download();
    expect(f.raw.autoInstallOnAppQuit).toBe(true);
  });

  it('turns a cancelled download into "cancelled" and passes real failures on', async () => {
    const f = fakeAutoUpdater({
      download: (token) =>
        new Promise((_resolve, reject) => {
          token.on('cancel', () => reject(new Error('cancelled')));
        }),
    });
    const port = autoUpdaterPort(f.updater, false, () => undefined);
    const pending = port.download();
    port.cancelDownload();
    expect(await pending).toBe('cancelled');

    const failing = autoUpdaterPort(fakeAutoUpdater({ download: async () => Promise.reject(new Error('sha512 checksum mismatch')) }).updater, false, () => undefined);
    await expect(failing.download()).rejects.toThrow('sha512 checksum mismatch');
  });
});
