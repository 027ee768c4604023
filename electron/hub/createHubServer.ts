import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createCodingGrader } from '../core/grading/coding/codingGrader.js';
import type { CodingGrader } from '../core/grading/gradeAttempt.js';
import { VigilError } from '../../shared/errors.js';
import type { HubRole } from '../../shared/hub/roles.js';
import { loadPackage } from '../core/package/loadPackage.js';
import { formatProblem, type ExamPackage } from '../core/package/types.js';
import { systemSyncClock, type SyncClock } from '../core/sync/syncClock.js';
import { createAccountAuth, ensureFirstAdmin, FIRST_ADMIN } from './auth/accountAuth.js';
import { hashPassword } from './auth/passwords.js';
import { generateAccessCode, generatePassword, normalizeAccessCode } from './auth/tokens.js';
import { createGradingQueue, type GradingDeps, type GradingQueue } from './grading/gradingQueue.js';
import { buildHubApp } from './http/hubApp.js';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './http/rateLimits.js';
import { HubService } from './hubService.js';
import { attachLiveChannels, type LiveChannels } from './live/liveChannels.js';
import { LiveBoard } from './live/liveBoard.js';
import { startReplicaBus, type ReplicaBus } from './replicas/replicaBus.js';
import type { HubIdentity, HubStore, Sitting } from './store/hubStore.js';
import { openHubStore } from './store/openHubStore.js';
import { isLoopbackHost, loadOrCreateCertificate } from './tls/hubCertificate.js';
import { createUpstreamForwarder, type UpstreamForwarder, type UpstreamStatus } from './upstream/upstreamForwarder.js';

/** Pending connections the listening socket queues (see the listen call). */
export const LISTEN_BACKLOG = 8192;

/**
 * The proctor hub (DESIGN 8): `vigil hub`, the desktop app's proctor mode and the tests all start
 * it through this factory. It loads the grading package, opens the store (SQLite in the data
 * folder, or PostgreSQL with `store`), makes sure a sitting serves the package, starts the
 * Fastify app (TLS with a self-signed, pinned certificate on any non-loopback host), the live
 * channels, grading and, with `upstream`, forwarding.
 */
export interface HubServerOptions {
  /** The grading package folder (with key.json), or an already loaded package. */
  examDir?: string;
  pkg?: ExamPackage;
  dataDir: string;
  host?: string;
  port?: number;
  /** Default: TLS unless the host is loopback. */
  tls?: boolean;
  /** Generated (and reported in `generated`) when absent. */
  accessCode?: string;
  /** The first admin's password (account `admin`), at first start; generated (and reported in `generated`) when absent. */
  proctorPassword?: string;
  /** Set the first admin's password again at every start (given or generated): proctor mode. */
  newAdminPasswordEachStart?: boolean;
  /** How long a checked session is trusted before the store is asked again (revocation delay). */
  sessionRecheckMs?: number;
  /** Accounts to create when missing (tests, provisioning). */
  accounts?: Array<{ name: string; role: HubRole; password: string }>;
  upstream?: { url: string; accessCode?: string; fingerprint?: string };
  version?: string;
  deps?: GradingDeps;
  rateLimits?: Partial<RateLimits>;
  /** Listen on a port (default). False: only `app.inject` (fast tests). */
  listen?: boolean;
  /** An opened-elsewhere store (tests), else `storeUrl`'s. */
  store?: HubStore;
  /** "sqlite" (default: `<data>/hub.sqlite`) or a postgres://... URL. */
  storeUrl?: string;
  clock?: SyncClock;
  /** How often the candidates' live status is written to disk. */
  liveSnapshotMs?: number;
  gradingRetryMs?: number;
  /** Lowers the per-attempt journal cap (tests); the defaults are in shared/hub/limits.ts. */
  journalCap?: { entries: number; bytes: number };
  /** Called before the app listens: mount more routes (the dashboard's static files) here. */
  configureApp?: (app: FastifyInstance, service: HubService) => Promise<void> | void;
  log?: (line: string) => void;
}

export interface RunningHub {
  /** `http(s)://host:port/`; for a hub that does not listen, `http://inject/`. */
  url: string;
  accessCode: string;
  /** Secrets this start generated: print them once. */
  generated: { accessCode?: string; proctorPassword?: string };
  /** SHA-256 of the TLS certificate (`AA:BB:...`), null on plain http. */
  fingerprint: string | null;
  app: FastifyInstance;
  service: HubService;
  store: HubStore;
  identity: HubIdentity;
  /** The sitting this start serves (created on first start for the package). */
  sitting: Sitting;
  /** Resolves when grading has nothing queued or running. */
  gradingIdle(): Promise<void>;
  upstreamStatus(): UpstreamStatus[];
  close(): Promise<void>;
}

export async function createHubServer(options: HubServerOptions): Promise<RunningHub> {
  const log = options.log ?? (() => {});
  const clock = options.clock ?? systemSyncClock;
  const pkg = options.pkg ?? (await loadGradingPackage(options.examDir));
  if (!pkg.key) throw new VigilError('package-invalid', `the hub grades results, so it needs the grading package (with key.json); ${pkg.dir} has none`);
  const dataDir = resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  const useTls = options.tls ?? !isLoopbackHost(host);

  const store = options.store ?? (await openHubStore({ dataDir, store: options.storeUrl }));
  const live = new LiveBoard();
  let grading: GradingQueue | null = null;
  let upstream: UpstreamForwarder | null = null;
  let channels: LiveChannels | null = null;
  let snapshotTimer: NodeJS.Timeout | null = null;
  let app: FastifyInstance | null = null;
  let bus: ReplicaBus | null = null;
  try {
    const identity = await store.open();
    const generated: RunningHub['generated'] = {};
    const { sitting, generatedCode } = await defaultSitting(store, pkg, options.accessCode, new Date(clock.now()).toISOString());
    if (generatedCode !== null) generated.accessCode = generatedCode;
    const accessCode = sitting.accessCode;
    for (const [attemptId, status] of Object.entries(await store.readLive())) live.entry(attemptId).live = status;

    // The first admin, at first start: its password is --proctor-password-file's or generated
    // (printed once, as the proctor password was). Later starts keep the accounts as they are.
    const at = new Date(clock.now()).toISOString();
    const password = options.proctorPassword ?? generatePassword();
    if ((await ensureFirstAdmin(store, password, at)) && options.proctorPassword === undefined) generated.proctorPassword = password;
    else if (options.newAdminPasswordEachStart) {
      // The desktop proctor mode: a password per session, shown in its window, as before accounts.
      const admin = await store.accountByName(FIRST_ADMIN);
      if (admin) {
        await store.setPassword(admin.accountId, await hashPassword(password));
        await store.audit({ at, account: FIRST_ADMIN, action: 'account:password', attemptId: null, detail: { newSession: true } });
        if (options.proctorPassword === undefined) generated.proctorPassword = password;
      }
    }
    for (const a of options.accounts ?? []) {
      if (!(await store.accountByName(a.name))) await store.addAccount({ name: a.name, role: a.role, passwordHash: await hashPassword(a.password), createdAt: at });
    }
    const proctorAuth = createAccountAuth(store, { now: () => clock.now(), recheckMs: options.sessionRecheckMs });

    const service: HubService = new HubService({
      journalCap: options.journalCap,
      pkg,
      store,
      identity,
      live,
      proctorAuth,
      now: () => clock.now(),
      onResult: (attemptId) => {
        grading?.enqueue(attemptId);
        upstream?.result(attemptId);
      },
      onEvents: (attemptId, entries) => upstream?.events(attemptId, entries),
      onEnroll: (attemptId) => upstream?.enrolled(attemptId),
      onHeartbeat: (attemptId, status, atMs) => bus?.heartbeat(attemptId, status, atMs),
      onCommand: (attemptId, pending) => bus?.commands(attemptId, pending),
      onChanged: (attemptId) => bus?.changed(attemptId),
    });
    // Replicas on one PostgreSQL database: commands, heartbeats and changes reach the others.
    if (store.notifications) {
      bus = await startReplicaBus(
        store.notifications,
        {
          commands: (attemptId, pending) => {
            service.commandsChanged(attemptId, pending);
            service.remoteChanged(attemptId);
          },
          heartbeat: (attemptId, status, atMs) => {
            live.heard(attemptId, status, atMs, true);
            service.remoteHeard(attemptId);
          },
          changed: (attemptId) => service.remoteChanged(attemptId),
        },
        log,
      );
    }

    const codingGraders = new Map<string, CodingGrader>();
    grading = createGradingQueue({
      store,
      packageOf: async (attemptId) => {
        const a = await store.attempt(attemptId);
        if (!a) throw new VigilError('not-found', `no attempt ${attemptId}`);
        return service.packages.forSitting(a.sittingId);
      },
      worker: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
      now: () => clock.now(),
      // Coding items run the hidden tests on the candidate's code: on Linux only inside bubblewrap
      // (a missing sandbox is a system error, retried, never an unconfined run).
      deps: {
        sql: options.deps?.sql,
        coding: (p) => {
          if (options.deps) return options.deps.coding;
          let grader = codingGraders.get(p.dir);
          if (!grader) codingGraders.set(p.dir, (grader = createCodingGrader({ pkgDir: p.dir, sandbox: process.platform === 'linux' ? 'bubblewrap' : 'auto', hidePaths: [dataDir] })));
          return grader;
        },
      },
      retryBaseMs: options.gradingRetryMs,
      pollMs: options.gradingRetryMs === undefined ? undefined : Math.max(10, options.gradingRetryMs),
      log,
      onGraded: (attemptId) => service.changed(attemptId),
      onError: (attemptId) => service.changed(attemptId),
    });
    // Jobs left queued (or claimed by a process that died) are picked up now.
    grading.wake();

    const certificate = useTls ? await loadOrCreateCertificate(dataDir, host) : null;
    const version = options.version ?? '0.0.0';
    app = await buildHubApp({
      service,
      version,
      rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
      https: certificate ? { cert: certificate.cert, key: certificate.key } : undefined,
      log,
    });

    await options.configureApp?.(app, service);
    let url = 'http://inject/';
    if (options.listen === false) {
      await app.ready();
    } else {
      // A room (or, at a central hub, thousands of candidates) reconnects at once after a network
      // or hub restart. Node's default backlog (511) drops the SYNs beyond it, and each dropped
      // candidate waits out TCP's retransmit (1 s, then 3 s, 7 s): measured as seconds of p99 in
      // hub-ingest. The kernel caps this at net.core.somaxconn.
      await app.listen({ port: options.port ?? 0, host, backlog: LISTEN_BACKLOG });
      const address = app.server.address() as AddressInfo;
      url = `${certificate ? 'https' : 'http'}://${urlHost(address.address)}:${address.port}/`;
    }
    channels = attachLiveChannels(app.server, service, log);

    // Live status is not acknowledged data: a snapshot every few seconds of what changed is enough.
    const saveLive = async () => {
      const changed = live.takeSnapshot();
      if (Object.keys(changed).length === 0) return;
      await store.saveLive(changed).catch((error: unknown) => log(`cannot save the live snapshot: ${String(error)}`));
    };
    snapshotTimer = setInterval(() => void saveLive(), options.liveSnapshotMs ?? 5000);
    snapshotTimer.unref();

    if (options.upstream) {
      upstream = createUpstreamForwarder({
        url: options.upstream.url,
        accessCode: options.upstream.accessCode ?? accessCode,
        fingerprint: options.upstream.fingerprint,
        dataDir,
        store,
        live,
        clock,
        log,
      });
      await upstream.start();
    }

    const running: RunningHub = {
      url,
      accessCode,
      generated,
      fingerprint: certificate?.fingerprint ?? null,
      app,
      service,
      store,
      identity,
      sitting,
      gradingIdle: () => grading?.idle() ?? Promise.resolve(),
      upstreamStatus: () => upstream?.status() ?? [],
      async close() {
        if (snapshotTimer) clearInterval(snapshotTimer);
        await channels?.close();
        await app?.close();
        await upstream?.close();
        await grading?.close();
        await bus?.close();
        await saveLive();
        await store.close();
      },
    };
    return running;
  } catch (error) {
    if (snapshotTimer) clearInterval(snapshotTimer);
    await channels?.close();
    await app?.close();
    await upstream?.close();
    await grading?.close();
    await bus?.close();
    await store.close();
    throw error;
  }
}

/**
 * The sitting `vigil hub --exam` serves. With `--access-code`: the open sitting of this exam
 * version with that code, else a new one with it (named for the exam and the day). Without: the
 * first open sitting of this exam version, keeping its code, so a restart never changes a room's
 * code, else a new one with a generated code. It never rewrites another sitting's code: sittings
 * are also made from the CLI and the dashboard, and restarting the hub must not change theirs.
 */
async function defaultSitting(store: HubStore, pkg: ExamPackage, accessCode: string | undefined, at: string): Promise<{ sitting: Sitting; generatedCode: string | null }> {
  const { id, version, title } = pkg.exam;
  const code = accessCode === undefined ? null : normalizeAccessCode(accessCode);
  const find = async () => {
    const open = (await store.listSittings()).filter((s) => s.examId === id && s.examVersion === version && s.closedAt === null);
    return code === null ? open[0] : open.find((s) => s.accessCode === code);
  };
  const found = await find();
  if (found) return { sitting: found, generatedCode: null };
  const newCode = code ?? generateAccessCode();
  try {
    const sitting = await store.addSitting({ name: `${title} ${at.slice(0, 10)}`, examId: id, examVersion: version, packageDir: pkg.dir, accessCode: newCode, opensAt: null, closesAt: null }, at);
    return { sitting, generatedCode: code === null ? sitting.accessCode : null };
  } catch (error) {
    if (!(error instanceof VigilError) || error.code !== 'conflict') throw error;
    // Another replica starting at the same moment created it (same code): serve that one.
    const created = await find();
    if (created) return { sitting: created, generatedCode: null };
    throw new VigilError('conflict', `--access-code ${newCode} is already the code of another sitting (closed, or of another exam): pick another code`);
  }
}

async function loadGradingPackage(examDir: string | undefined): Promise<ExamPackage> {
  if (!examDir) throw new VigilError('invalid-params', 'the hub needs the grading package: --exam <package-dir>');
  const loaded = await loadPackage(examDir);
  if (!loaded.ok) throw new VigilError('package-invalid', `exam package ${resolve(examDir)} is invalid: ${loaded.problems.map(formatProblem).join('; ')}`);
  return loaded.pkg;
}

/** A URL host for an address; a wildcard address is shown as this machine's first LAN address. */
function urlHost(address: string): string {
  if (address === '0.0.0.0' || address === '::') {
    for (const list of Object.values(networkInterfaces())) {
      for (const iface of list ?? []) if (iface.family === 'IPv4' && !iface.internal) return iface.address;
    }
    return '127.0.0.1';
  }
  return address.includes(':') ? `[${address}]` : address;
}
