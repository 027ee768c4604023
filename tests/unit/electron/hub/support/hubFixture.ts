import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../../../../../shared/canonicalJson.js';
import type { EnrollRequest } from '../../../../../shared/hub/enrollment.js';
import { journalHashInput, type JournalEntry, type JournalEntryType } from '../../../../../shared/journal.js';
import type { Result, UnsignedResult } from '../../../../../shared/result.js';
import { signResult } from '../../../../../electron/core/result/sealResult.js';
import type { SqlRunner } from '../../../../../electron/core/sql/sqlRunner.js';
import { sha256Hex } from '../../../../../electron/base/sha256.js';
import { enrollmentProof } from '../../../../../electron/core/sync/enroll.js';
import { createHubServer, type HubServerOptions, type RunningHub } from '../../../../../electron/hub/createHubServer.js';
import { repoRoot } from '../../../../support/paths.js';

/** Shared by the hub's unit and integration tests: devices, journals, signed results, a hub. */
export const DEMO_EXAM = join(repoRoot, 'resources', 'exams', 'demo');
export const ACCESS_CODE = 'TESTCODE';
export const PASSWORD = 'correct horse battery staple';

export interface Device {
  publicKeyPem: string;
  privateKey: KeyObject;
}

export function makeDevice(): Device {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

export function enrollBody(device: Device, candidateId: string, extra: Partial<EnrollRequest> = {}): EnrollRequest {
  return {
    accessCode: ACCESS_CODE,
    candidateId,
    candidateName: `Candidate ${candidateId}`,
    devicePublicKey: device.publicKeyPem,
    deviceInfo: { os: 'linux', hostname: `host-${candidateId}` },
    proof: enrollmentProof(candidateId, device.publicKeyPem, device.privateKey),
    ...extra,
  };
}

/** A journal that grows like a real one: seq from 1, each entry chained to the previous. */
export class TestJournal {
  readonly entries: JournalEntry[] = [];

  append(type: JournalEntryType, data: unknown, at = new Date().toISOString()): JournalEntry {
    const last = this.entries.at(-1);
    const unhashed = { seq: (last?.seq ?? 0) + 1, at, mono: this.entries.length * 10, type, data, prev: last?.hash ?? null };
    const entry = { ...unhashed, hash: sha256Hex(journalHashInput(unhashed)) };
    this.entries.push(entry);
    return entry;
  }

  /** A typical exam: start, a few answers, a violation, submit. */
  fillExam(answers: Record<string, unknown>): this {
    this.append('state', { from: 'checked-in', to: 'preflight' });
    this.append('state', { from: 'preflight', to: 'ready' });
    this.append('state', { from: 'ready', to: 'in-progress' });
    for (const [itemId, value] of Object.entries(answers)) this.append('answer', { itemId, value });
    this.append('violation', { kind: 'focus-loss', severity: 'warning', detail: 'window lost focus for 3 s' });
    this.append('state', { from: 'in-progress', to: 'submitted', reason: 'candidate' });
    return this;
  }

  after(seq: number): JournalEntry[] {
    return this.entries.filter((e) => e.seq > seq);
  }

  get head(): { count: number; headHash: string } {
    const last = this.entries.at(-1);
    if (!last) throw new Error('empty journal');
    return { count: last.seq, headHash: last.hash };
  }
}

export const DEMO_ANSWERS = {
  'http-status': 'b',
  'idempotent-methods': ['get', 'put', 'delete'],
  'cache-header': 'ETag',
  'latency-budget': 140,
  'explain-index': 'Indexes cost writes and storage; on a tiny table or a low-selectivity column a scan is as fast.',
};

export function makeResult(opts: { attemptId: string; candidateId: string; device: Device; journal: TestJournal; answers?: Record<string, unknown>; workspaces?: UnsignedResult['workspaces']; head?: UnsignedResult['journal'] }): Result {
  const unsigned: UnsignedResult = {
    format: 'vigil-result/1',
    attemptId: opts.attemptId,
    examId: 'demo',
    examVersion: '2026.11.0',
    candidate: { id: opts.candidateId, name: `Candidate ${opts.candidateId}` },
    device: { id: 'device-1' },
    startedAt: '2026-05-01T09:00:00.000Z',
    submittedAt: '2026-05-01T09:30:00.000Z',
    submitReason: 'candidate',
    answers: (opts.answers ?? DEMO_ANSWERS) as UnsignedResult['answers'],
    workspaces: opts.workspaces ?? {},
    journal: opts.head ?? opts.journal.head,
  };
  return signResult(unsigned, opts.device.privateKey);
}

/** A SQL runner that answers every query with an error: unit tests do not need sql.js. */
export const stubSql: SqlRunner = {
  run: async () => ({ ok: false, kind: 'query', error: 'stub runner' }),
  close: async () => {},
};

export interface TestHub extends RunningHub {
  dataDir: string;
  dispose(): Promise<void>;
}

export async function startTestHub(overrides: Partial<HubServerOptions> = {}): Promise<TestHub> {
  const dataDir = overrides.dataDir ?? (await mkdtemp(join(tmpdir(), 'vigil-hub-')));
  const hub = await createHubServer({
    examDir: DEMO_EXAM,
    dataDir,
    accessCode: ACCESS_CODE,
    proctorPassword: PASSWORD,
    // Named accounts the tests log in as: Ada and Hana may do everything, Grace watches and
    // commands, Ana, Ben, Cy and "Second grader" grade (blind).
    accounts: [
      { name: 'Ada', role: 'admin', password: PASSWORD },
      { name: 'Hana', role: 'admin', password: PASSWORD },
      { name: 'Grace', role: 'proctor', password: PASSWORD },
      ...['Ana', 'Ben', 'Cy', 'Second grader'].map((name) => ({ name, role: 'grader' as const, password: PASSWORD })),
    ],
    listen: false,
    deps: { sql: stubSql },
    ...overrides,
  });
  return {
    ...hub,
    dataDir,
    async dispose() {
      await hub.close();
      if (!overrides.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Canonical bytes of a value, for byte-level tampering. */
export const canonical = (value: unknown): string => canonicalJson(value);
