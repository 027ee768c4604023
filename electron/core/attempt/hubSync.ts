import { join } from 'node:path';
import { hostname, platform as osPlatform, release } from 'node:os';
import type { AttemptView } from '../../../shared/attemptView.js';
import type { AttemptDocument } from '../../../shared/attempt.js';
import type { ParsedParams } from '../../../shared/contract.js';
import { VigilError } from '../../../shared/errors.js';
import type { Exam } from '../../../shared/exam/examSchema.js';
import type { HubCommand } from '../../../shared/hub/commands.js';
import type { Result } from '../../../shared/result.js';
import type { Device } from '../device/deviceKeys.js';
import type { AttemptStore } from '../store/attemptStore.js';
import { createSyncClient, enroll, type SyncClient, type SyncStatus } from '../sync/index.js';
import type { HubLink } from './hubLink.js';

/** The proctor's hub as configured on this computer. */
export interface HubConfig {
  url: string;
  fingerprint?: string;
}

export interface EnrollAtHubOptions {
  hub: HubConfig | undefined;
  exam: Exam;
  params: ParsedParams<'checkIn'>;
  device: () => Promise<Device>;
  appVersion?: string;
}

/**
 * Enrolls a proctored attempt at check-in. The hub names the attempt and gives the token and policy
 * the attempt's hub link (hub.json) keeps.
 */
export async function enrollAtHub({ hub, exam, params, device: loadDevice, appVersion }: EnrollAtHubOptions): Promise<{ attemptId: string; link: HubLink }> {
  if (!hub) {
    throw new VigilError('unavailable', 'This exam is proctored: checking in needs the proctor’s hub, and none is configured on this computer.');
  }
  if (!params.accessCode) throw new VigilError('invalid-params', 'params.accessCode: enter the access code your proctor gave you');
  const device = await loadDevice();
  // The hub checks the access code; a wrong one comes back as 'forbidden' with its message.
  const reply = await enroll(
    hub.url,
    {
      accessCode: params.accessCode,
      candidateId: params.candidateId,
      candidateName: params.candidateName,
      devicePublicKey: device.publicKeyPem,
      deviceInfo: { os: osPlatform(), osVersion: release(), hostname: hostname().slice(0, 256), deviceId: device.id, ...(appVersion ? { appVersion } : {}) },
    },
    { privateKey: device.privateKey, ...(hub.fingerprint ? { fingerprint: hub.fingerprint } : {}) },
  );
  if (reply.examId !== exam.id || reply.examVersion !== exam.version) {
    throw new VigilError('conflict', `The hub runs ${reply.examId} ${reply.examVersion}, but this computer has ${exam.id} ${exam.version}. Ask your proctor.`);
  }
  return {
    attemptId: reply.attemptId,
    link: { format: 'vigil-hub-link/1', hubUrl: hub.url, token: reply.token, policy: reply.policy, ...(hub.fingerprint ? { fingerprint: hub.fingerprint } : {}) },
  };
}

export interface HubSyncDeps {
  log: (line: string) => void;
  /** A proctor's command, carried out before the hub hears it acknowledged. */
  onCommand: (command: HubCommand) => Promise<void>;
  onServerTime: (offsetMs: number) => void;
  /** The time left, for the heartbeat. */
  remainingMs: () => number;
  /** The first `synced` status: the hub stored the result and this is its receipt. */
  onSynced: (receipt: string, resultSha256: string) => void;
  /** Any other change of the sync status: the attempt view shows it. */
  onStatusChange: () => void;
}

/** An attempt's connection to its hub: heartbeats, journal shipping, commands, the result outbox. */
export class HubSync {
  private client: SyncClient | null = null;
  private status: SyncStatus | null = null;

  constructor(private readonly deps: HubSyncDeps) {}

  /** Connects the attempt to its hub, closing any earlier connection first. */
  async start(store: AttemptStore, link: HubLink): Promise<void> {
    await this.client?.close();
    const client = createSyncClient({
      hubUrl: link.hubUrl,
      ...(link.fingerprint ? { fingerprint: link.fingerprint } : {}),
      attemptId: store.attemptId,
      token: link.token,
      outboxDir: join(store.dir, 'outbox'),
      heartbeat: () => {
        const doc = store.view();
        const saved = Object.values(doc.answers).filter((a) => a.value !== null);
        const latest = saved.reduce<string | null>((max, a) => (max === null || a.savedAt > max ? a.savedAt : max), null);
        return { state: doc.state, answered: saved.length, remainingMs: this.deps.remainingMs(), lastSavedAt: latest, journalSeq: doc.lastSeq };
      },
      journal: { entriesAfter: (seq) => store.entriesAfter(seq) },
      onCommand: (command) => this.deps.onCommand(command),
      onCommandError: (command, error) => this.deps.log(`command ${command.type} ${command.id} failed: ${String(error)}`),
      onServerTime: (offsetMs) => this.deps.onServerTime(offsetMs),
      onStatus: (status) => {
        const was = this.status?.status;
        this.status = status;
        if (status.status === 'synced' && was !== 'synced') this.deps.onSynced(status.receipt, status.resultSha256);
        else if (status.status !== was) this.deps.onStatusChange();
      },
    });
    this.client = client;
    await client.start();
  }

  /** New journal entries are durable: ship them (a no-op without a hub). */
  notifyJournal(): void {
    this.client?.notifyJournal();
  }

  /** Stores the sealed result durably in the outbox (a no-op without a hub). */
  async enqueueResult(sealed: Result): Promise<void> {
    if (this.client) await this.client.enqueueResult(sealed);
  }

  async close(): Promise<void> {
    await this.client?.close();
    this.client = null;
    this.status = null;
  }

  /** The sync line of the attempt view. */
  view(mode: Exam['mode'], doc: AttemptDocument): AttemptView['sync'] {
    if (mode === 'practice') return { status: 'local-only', receipt: null, detail: null };
    const s = this.status;
    if (doc.state === 'synced' || s?.status === 'synced') {
      return { status: 'synced', receipt: s?.status === 'synced' ? s.receipt : storedReceipt(doc), detail: null };
    }
    if (!s || s.status === 'connecting') return { status: 'pending', receipt: null, detail: 'connecting to the hub' };
    if (s.status === 'online') return { status: 'pending', receipt: null, detail: null };
    if (s.status === 'offline') return { status: 'pending', receipt: null, detail: `the hub is not reachable (${s.detail}); retrying` };
    if (s.status === 'uploading') return { status: 'uploading', receipt: null, detail: `${s.sentBytes} of ${s.totalBytes} bytes` };
    return { status: 'failed', receipt: null, detail: s.detail };
  }
}

function storedReceipt(doc: AttemptDocument): string | null {
  const sync = doc.sync?.data as { receipt?: string } | undefined;
  return sync?.receipt ?? null;
}
