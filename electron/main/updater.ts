/**
 * The Electron adapter around electron-updater's autoUpdater. The decisions (when to check,
 * download and install) live in core/update; this file only translates them into autoUpdater calls
 * and points the updater at the provisioned hub's feed:
 *
 *   setFeedURL({ provider: 'generic', url: '<hub>/updates/<channel>/', channel: 'latest' })
 *
 * The URL baked into the build by electron-builder's `publish` (app-update.yml) is a placeholder;
 * it is replaced here, before the first request. `channel: 'latest'` names the files inside the
 * channel folder (`latest.yml`, `latest-linux.yml`, `latest-mac.yml`): the provisioning channel is
 * the folder, so switching channel never touches electron-updater's own channel logic.
 *
 * Wiring (composition root):
 *   const updater = setUpUpdater({ autoUpdater, provisioning, activity, onStatus, log });
 *   if (updater.enabled) { void updater.controller.start(); bus.on('attemptChanged', () => void updater.controller.activityChanged()); }
 */
import { CancellationToken, type AppUpdater } from 'electron-updater';
import { updateFeedUrl, type Provisioning } from '../../shared/provisioning.js';
import { pinnedCertificateVerdict } from '../core/update/pinnedCertificate.js';
import { UpdateController, type UpdateStatus, type UpdaterPort } from '../core/update/updateController.js';
import type { UpdateActivity } from '../core/update/updatePolicy.js';
import type { IntervalScheduler } from '../core/attempt/timer.js';

/** Chromium's answers to a certificate-verify callback. */
const CERT_TRUST = 0;
const CERT_REJECT = -2;
const CERT_USE_CHROMIUM = -3;

/** The part of Electron's Session the certificate pin needs (autoUpdater.netSession is one). */
export interface CertificateVerifySession {
  setCertificateVerifyProc(proc: ((request: { hostname: string; certificate: { data: string } }, callback: (verificationResult: number) => void) => void) | null): void;
}

/** The parts of electron-updater's AppUpdater that Vigil drives. */
export type AutoUpdaterLike = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'disableDifferentialDownload' | 'setFeedURL' | 'checkForUpdates' | 'downloadUpdate'> & {
  logger: AppUpdater['logger'];
};

export interface UpdaterOptions {
  autoUpdater: AutoUpdaterLike;
  provisioning: Pick<Provisioning, 'hub' | 'updates'>;
  /** What the attempt is doing now (state and exam mode), read before every step. */
  activity: () => UpdateActivity;
  /** The session electron-updater downloads with (`autoUpdater.netSession`); needed to pin the hub's certificate. */
  netSession?: CertificateVerifySession;
  platform?: NodeJS.Platform;
  onStatus?: (status: UpdateStatus) => void;
  log?: (line: string) => void;
  scheduler?: IntervalScheduler;
  checkEveryMs?: number;
}

export type VigilUpdater = { enabled: true; feedUrl: string; controller: UpdateController } | { enabled: false; reason: string };

/** Configures the autoUpdater for the provisioned feed and returns the controller to start, or why updates are off. */
export function setUpUpdater(opts: UpdaterOptions): VigilUpdater {
  const { autoUpdater } = opts;
  const log = opts.log ?? (() => undefined);
  // Nothing may happen behind the policy's back, whatever else calls the autoUpdater.
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  const feed = updateFeedUrl(opts.provisioning);
  if (!feed.ok) {
    log(`updates off: ${feed.reason}`);
    return { enabled: false, reason: feed.reason };
  }
  // Whole files only: the sha512 in latest*.yml covers exactly what is downloaded, and the hub
  // serves plain files without multi-range requests.
  autoUpdater.disableDifferentialDownload = true;
  autoUpdater.logger = { info: (m?: unknown) => log(`updater: ${String(m)}`), warn: (m?: unknown) => log(`updater warning: ${String(m)}`), error: (m?: unknown) => log(`updater error: ${String(m)}`) };

  const hub = opts.provisioning.hub;
  if (hub?.fingerprint) {
    if (!opts.netSession) throw new Error('bug: a pinned hub certificate needs the updater session to verify it');
    const pin = { hostname: new URL(hub.url).hostname, fingerprint: hub.fingerprint };
    opts.netSession.setCertificateVerifyProc((request, callback) => {
      const verdict = pinnedCertificateVerdict({ hostname: request.hostname, certificatePem: request.certificate.data }, pin);
      if (verdict === 'reject') log(`updater: refused ${request.hostname}: its certificate does not match the provisioned fingerprint`);
      callback(verdict === 'trust' ? CERT_TRUST : verdict === 'reject' ? CERT_REJECT : CERT_USE_CHROMIUM);
    });
  }
  autoUpdater.setFeedURL({ provider: 'generic', url: feed.url, channel: 'latest' });

  const port = autoUpdaterPort(autoUpdater, (opts.platform ?? process.platform) === 'darwin', log);
  const controller = new UpdateController({
    port,
    activity: opts.activity,
    ...(opts.onStatus ? { onStatus: opts.onStatus } : {}),
    log,
    ...(opts.scheduler ? { scheduler: opts.scheduler } : {}),
    ...(opts.checkEveryMs !== undefined ? { checkEveryMs: opts.checkEveryMs } : {}),
  });
  return { enabled: true, feedUrl: feed.url, controller };
}

/**
 * electron-updater registers its install-on-quit handler (Linux, Windows) or stages the update with
 * Squirrel (macOS) only if `autoInstallOnAppQuit` is true when a download finishes. So the flag is
 * raised for the download and, where that is possible, lowered again until the policy arms it; the
 * handler reads the flag again when the app quits.
 */
export function autoUpdaterPort(autoUpdater: AutoUpdaterLike, macos: boolean, log: (line: string) => void): UpdaterPort {
  let token: CancellationToken | null = null;
  let armed = false;
  return {
    downloadArmsInstall: macos,
    async check() {
      const result = await autoUpdater.checkForUpdates();
      if (result === null) {
        log('updater: inactive (not a packaged build)');
        return null;
      }
      return result.isUpdateAvailable ? { version: result.updateInfo.version } : null;
    },
    async download() {
      const own = new CancellationToken();
      token = own;
      autoUpdater.autoInstallOnAppQuit = true;
      try {
        await autoUpdater.downloadUpdate(own);
        return 'downloaded';
      } catch (error) {
        if (own.cancelled) return 'cancelled';
        throw error;
      } finally {
        if (token === own) token = null;
        if (!macos) autoUpdater.autoInstallOnAppQuit = armed;
      }
    },
    cancelDownload() {
      token?.cancel();
    },
    setInstallOnQuit(enabled) {
      armed = enabled;
      autoUpdater.autoInstallOnAppQuit = enabled;
    },
  };
}
