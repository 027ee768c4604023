/**
 * A proctored attempt against a real hub on 127.0.0.1: enrollment with the access code, live
 * heartbeats, every proctor command carried out and journaled, the journal shipped in order, and
 * the signed result uploaded exactly once — including across a hub outage mid-exam.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventData, EventName } from '../../../shared/contract.js';
import type { AttemptDetail, AttemptSummary } from '../../../shared/hub/proctor.js';
import { createCore, type Core } from '../../../electron/core/app/createCore.js';
import { loadPackage } from '../../../electron/core/package/loadPackage.js';
import { createHubServer, type RunningHub } from '../../../electron/hub/createHubServer.js';
import { packProctoredDemo } from '../../support/proctoredDemo.js';
import { demoExamDir } from '../../support/paths.js';

const ACCESS_CODE = 'ROOM42';
const PASSWORD = 'correct horse battery staple';

describe('a proctored attempt synced to a hub', () => {
  let work: string;
  let hubData: string;
  let grading: string;
  let hub: RunningHub;
  let port: number;
  let core: Core;
  let proctorToken: string;
  const notices: string[] = [];

  async function startHub(): Promise<void> {
    hub = await createHubServer({ examDir: grading, dataDir: hubData, accessCode: ACCESS_CODE, proctorPassword: PASSWORD, port, log: () => {} });
    port = Number(new URL(hub.url).port);
    // Proctor sessions do not outlive a hub restart: log in again.
    const login = await fetch(new URL('/api/v1/proctor/login', hub.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: PASSWORD }) });
    proctorToken = ((await login.json()) as { token: string }).token;
  }

  /** The candidate's own journal, as written on its disk. */
  async function candidateSeq(attemptId: string): Promise<number> {
    const text = await readFile(join(work, 'candidate', 'attempts', attemptId, 'journal.jsonl'), 'utf8');
    return text.trim().split('\n').length;
  }

  async function proctor<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(new URL(path, hub.url), {
      method,
      headers: { authorization: `Bearer ${proctorToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as T };
  }

  const attempt = () => core.attempts.getAttempt();

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'vigil-proctored-'));
    hubData = join(work, 'hub');
    const packed = await packProctoredDemo(work, { remoteSession: 'report', virtualMachine: 'report' });
    grading = packed.grading;
    port = 0;
    await startHub();
    const delivery = await loadPackage(packed.delivery);
    if (!delivery.ok) throw new Error('delivery package must load');
    core = await createCore({ pkg: delivery.pkg, dataDir: join(work, 'candidate'), version: '1.0.0', role: 'candidate', platform: 'linux', hub: { url: hub.url }, log: () => {} });
    core.bus.subscribe(<E extends EventName>(event: E, data: EventData<E>) => {
      if (event === 'notice') notices.push((data as EventData<'notice'>).text);
    });
  });

  afterAll(async () => {
    await core?.close();
    await hub?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('refuses a wrong access code with a clear message, then enrolls with the right one', async () => {
    await expect(core.attempts.checkIn({ candidateId: 'c-7', candidateName: 'Grace Hopper', accessCode: 'WRONG' })).rejects.toMatchObject({ code: 'forbidden' });
    const view = await core.attempts.checkIn({ candidateId: 'c-7', candidateName: 'Grace Hopper', accessCode: ACCESS_CODE });
    expect(view.state).toBe('preflight');
    const list = await proctor<AttemptSummary[]>('GET', '/api/v1/proctor/attempts');
    expect(list.json.map((a) => a.candidate.name)).toEqual(['Grace Hopper']);
  });

  it('goes live: heartbeats reach the hub with state and time left', async () => {
    await core.attempts.completePreflight({});
    await core.attempts.startAttempt();
    await core.attempts.saveAnswer({ itemId: 'http-status', value: 'b' });
    await expect
      .poll(async () => (await proctor<AttemptSummary[]>('GET', '/api/v1/proctor/attempts')).json[0], { timeout: 10_000 })
      .toMatchObject({ state: 'in-progress', online: true, progress: { answered: 1 } });
  });

  it('carries out add-time, lock/unlock and message, and journals each', async () => {
    const id = attempt()!.attemptId;
    const before = attempt()!.timer.durationMs;
    expect((await proctor('POST', `/api/v1/proctor/attempts/${id}/commands`, { type: 'add-time', minutes: 5 })).status).toBe(202);
    await expect.poll(() => attempt()!.timer.durationMs, { timeout: 10_000 }).toBe(before + 5 * 60_000);

    await proctor('POST', `/api/v1/proctor/attempts/${id}/commands`, { type: 'lock', message: 'Eyes on your own screen, please.' });
    await expect.poll(() => attempt()!.state, { timeout: 10_000 }).toBe('locked');
    expect(attempt()!.lockMessage).toBe('Eyes on your own screen, please.');
    await expect(core.attempts.saveAnswer({ itemId: 'http-status', value: 'a' })).rejects.toMatchObject({ code: 'invalid-state' });
    await proctor('POST', `/api/v1/proctor/attempts/${id}/commands`, { type: 'unlock' });
    await expect.poll(() => attempt()!.state, { timeout: 10_000 }).toBe('in-progress');

    await proctor('POST', `/api/v1/proctor/attempts/${id}/commands`, { type: 'message', text: 'Ten minutes of break at 11:00.' });
    await expect.poll(() => notices, { timeout: 10_000 }).toContain('Ten minutes of break at 11:00.');

    // Each command is in the candidate's journal, and the hub sees them acknowledged.
    const detail = await proctor<AttemptDetail>('GET', `/api/v1/proctor/attempts/${id}`);
    expect(detail.status).toBe(200);
    await expect
      .poll(async () => (await proctor<AttemptDetail>('GET', `/api/v1/proctor/attempts/${id}`)).json.commands.every((c) => c.ackedAt !== null), { timeout: 10_000 })
      .toBe(true);
  });

  it('keeps working while the hub is down, and everything arrives in order afterwards', async () => {
    await hub.close();
    await core.attempts.saveAnswer({ itemId: 'latency-budget', value: 140 });
    await core.attempts.saveAnswer({ itemId: 'cache-header', value: 'ETag' });
    await expect.poll(() => attempt()!.sync.detail ?? '', { timeout: 15_000 }).toMatch(/not reachable/);
    await startHub();
    const id = attempt()!.attemptId;
    const expected = await candidateSeq(id);
    await expect
      .poll(async () => (await proctor<AttemptDetail>('GET', `/api/v1/proctor/attempts/${id}`)).json.timeline?.length ?? 0, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(expected);
    const timeline = (await proctor<AttemptDetail>('GET', `/api/v1/proctor/attempts/${id}`)).json.timeline;
    expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));
  });

  it('uploads the signed result on submit: synced with a receipt, graded at the hub', async () => {
    const id = attempt()!.attemptId;
    // The coding item is answered by its workspace: the reference solution, graded by the hub's
    // sandboxed runner from the archive in the result.
    await core.attempts.workspaceWrite('sum-function', 'sum.js', await readFile(join(demoExamDir, 'tasks/sum/solution/sum.js'), 'utf8'));
    await core.attempts.submitAttempt();
    await expect.poll(() => attempt()!.state, { timeout: 20_000 }).toBe('synced');
    expect(attempt()!.sync.receipt).toBeTruthy();
    await hub.gradingIdle();
    const summary = (await proctor<AttemptSummary[]>('GET', '/api/v1/proctor/attempts')).json.find((a) => a.attemptId === id)!;
    expect(summary.result?.submitReason).toBe('candidate');
    expect(summary.grading.status).toBe('graded');
    expect(summary.grading.score).toBeGreaterThanOrEqual(3);
    const detail = (await proctor<AttemptDetail>('GET', `/api/v1/proctor/attempts/${id}`)).json;
    expect(detail.graded?.items['sum-function']).toMatchObject({ status: 'correct', score: 2 });
  });
});
