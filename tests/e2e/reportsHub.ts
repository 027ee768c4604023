/**
 * A `vigil hub` on the demo exam with a graded cohort, for the report pages' end-to-end tests:
 * candidates enroll, ship their journal and upload signed results over the hub's HTTP API, as a
 * candidate machine does, then the test waits until the hub has graded every one.
 */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { signResult } from '../../electron/core/result/sealResult.js';
import { enrollmentProof } from '../../electron/core/sync/enroll.js';
import { archiveWorkspace, toResultWorkspace } from '../../electron/core/workspace/archiveWorkspace.js';
import { journalHashInput, type JournalEntry, type JournalEntryType } from '../../shared/journal.js';
import type { SubmitReason } from '../../shared/lifecycle.js';
import type { UnsignedResult } from '../../shared/result.js';
import { runCli, startCliServer } from '../support/cliProcess.js';
import { demoExamDir, repoRoot } from '../support/paths.js';
import { makeDevice } from '../unit/electron/hub/support/hubFixture.js';

export const ACCESS_CODE = 'CODE';
export const PASSWORD = 'reports e2e password';

export interface CandidateSpec {
  id: string;
  name: string;
  answers: Record<string, unknown>;
  /** Files written over the demo's starter workspace for the coding item. */
  code?: Record<string, string>;
  minutes: number;
  submitReason?: SubmitReason;
  violations?: number;
}

export interface ReportsHub {
  url: string;
  dir: string;
  /** Attempt id by candidate id. */
  attempts: Map<string, string>;
  proctorToken: string;
  /** The folder each coding candidate's workspace was archived from (for `vigil grade`). */
  workspaces: Map<string, string>;
  api(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

function chain(items: Array<{ type: JournalEntryType; data: unknown; at: string }>): JournalEntry[] {
  let prev: string | null = null;
  return items.map((item, i) => {
    const unhashed = { seq: i + 1, at: item.at, mono: i * 1000, type: item.type, data: item.data, prev };
    const hash = createHash('sha256').update(journalHashInput(unhashed)).digest('hex');
    prev = hash;
    return { ...unhashed, hash };
  });
}

export async function startReportsHub(candidates: readonly CandidateSpec[]): Promise<ReportsHub> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-reports-'));
  const passwordFile = join(dir, 'proctor-password');
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  const hub = await startCliServer(['hub', '--exam', demoExamDir, '--data', join(dir, 'hub'), '--access-code', ACCESS_CODE, '--proctor-password-file', passwordFile]);
  // Hana, the hiring manager's session here, may do everything; Ben grades (blind).
  for (const [name, role] of [
    ['Hana', 'admin'],
    ['Ben', 'grader'],
  ] as const) {
    const added = await runCli(['hub', 'user', 'add', name, '--role', role, '--data', join(dir, 'hub'), '--password-file', passwordFile]);
    if (added.code !== 0) throw new Error(`vigil hub user add ${name}: ${added.stderr}`);
  }
  const api = (path: string, init?: RequestInit) => fetch(new URL(path, hub.url), init);
  const json = (body: unknown, token?: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const attempts = new Map<string, string>();
  const workspaces = new Map<string, string>();

  const start = Date.parse('2026-11-30T09:00:00.000Z');
  for (const c of candidates) {
    const device = makeDevice();
    const enrolled = await api('/api/v1/enroll', json({ accessCode: ACCESS_CODE, candidateId: c.id, candidateName: c.name, devicePublicKey: device.publicKeyPem, deviceInfo: { os: 'linux', hostname: `${c.id}-laptop` }, proof: enrollmentProof(c.id, device.publicKeyPem, device.privateKey) }));
    expect(enrolled.status).toBe(201);
    const { attemptId, token } = (await enrolled.json()) as { attemptId: string; token: string };
    attempts.set(c.id, attemptId);
    const at = (min: number) => new Date(start + min * 60_000).toISOString();
    const items: Array<{ type: JournalEntryType; data: unknown; at: string }> = [
      { type: 'state', data: { from: 'checked-in', to: 'preflight' }, at: at(0) },
      { type: 'state', data: { from: 'preflight', to: 'ready' }, at: at(0) },
      { type: 'state', data: { from: 'ready', to: 'in-progress' }, at: at(0) },
    ];
    // Answers spread over the time used, in exam order: the report's time per section reads them.
    const entries = Object.entries(c.answers);
    entries.forEach(([itemId, value], i) => items.push({ type: 'answer', data: { itemId, value }, at: at(((i + 1) * c.minutes) / (entries.length + 1)) }));
    for (let v = 0; v < (c.violations ?? 0); v++) items.push({ type: 'violation', data: { kind: 'focus-loss', severity: v === 2 ? 'critical' : 'warning', detail: 'the exam window lost focus for 6 s' }, at: at(c.minutes / 2) });
    items.push({ type: 'state', data: { from: 'in-progress', to: 'submitted', reason: c.submitReason ?? 'candidate' }, at: at(c.minutes) });
    const journal = chain(items);
    const shipped = await api(`/api/v1/attempts/${attemptId}/events`, json({ entries: journal }, token));
    expect(shipped.status).toBe(200);

    let ws: UnsignedResult['workspaces'] = {};
    if (c.code) {
      const wsDir = join(dir, 'workspaces', c.id);
      await cp(join(demoExamDir, 'tasks', 'sum', 'starter'), wsDir, { recursive: true });
      for (const [file, text] of Object.entries(c.code)) await writeFile(join(wsDir, file), text);
      workspaces.set(c.id, wsDir);
      ws = { 'sum-function': toResultWorkspace(await archiveWorkspace(wsDir)) };
    }
    const last = journal.at(-1) as JournalEntry;
    const unsigned: UnsignedResult = {
      format: 'vigil-result/1',
      attemptId,
      examId: 'demo',
      examVersion: '2026.11.0',
      candidate: { id: c.id, name: c.name },
      device: { id: `${c.id}-device` },
      startedAt: at(0),
      submittedAt: at(c.minutes),
      submitReason: c.submitReason ?? 'candidate',
      answers: c.answers as UnsignedResult['answers'],
      workspaces: ws,
      journal: { count: last.seq, headHash: last.hash },
    };
    const put = await api(`/api/v1/attempts/${attemptId}/result`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `upload-${c.id.replace(/[^A-Za-z0-9]/g, 'x')}` },
      body: JSON.stringify(signResult(unsigned, device.privateKey)),
    });
    expect(put.status).toBe(201);
  }

  const login = await api('/api/v1/proctor/login', json({ password: PASSWORD, name: 'Hana' }));
  expect(login.status).toBe(200);
  const { token: proctorToken } = (await login.json()) as { token: string };
  // Grading runs in the background (coding items in a sandbox): wait until every result is graded.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const list = (await (await api('/api/v1/proctor/attempts', { headers: { authorization: `Bearer ${proctorToken}` } })).json()) as Array<{ grading: { status: string; error: string | null } }>;
    if (list.length === candidates.length && list.every((a) => a.grading.status === 'graded')) break;
    const failed = list.find((a) => a.grading.status === 'error');
    if (failed) throw new Error(`grading failed: ${failed.grading.error ?? ''}`);
    if (Date.now() > deadline) throw new Error(`grading did not finish: ${JSON.stringify(list.map((a) => a.grading))}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url: hub.url,
    dir,
    attempts,
    proctorToken,
    workspaces,
    api: (path, init) => api(path, { ...init, headers: { authorization: `Bearer ${proctorToken}`, ...(init?.headers ?? {}) } }),
    async stop() {
      await hub.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const fixtureCode = (name: string): Promise<string> => readFile(join(repoRoot, 'tests', 'fixtures', 'similarity', `${name}.js`), 'utf8');
