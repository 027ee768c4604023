import { chmod, open as openFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll } from '../../../electron/core/sync/enroll.js';
import { resultSha256 } from '../../../electron/core/sync/resultOutbox.js';
import { createHubServer } from '../../../electron/hub/createHubServer.js';
import type { EnrolledAttempt } from '../../../electron/hub/store/hubRecords.js';
import type { HubStore } from '../../../electron/hub/store/hubStore.js';
import { openHubStore, SQLITE_FILE } from '../../../electron/hub/store/openHubStore.js';
import { MIGRATIONS } from '../../../electron/hub/store/sql/migrations.js';
import type { Result } from '../../../shared/result.js';
import { startCliServer } from '../../support/cliProcess.js';
import { ACCESS_CODE, DEMO_ANSWERS, DEMO_EXAM, enrollBody, makeDevice, makeResult, PASSWORD, stubSql, TestJournal, type Device } from '../../unit/electron/hub/support/hubFixture.js';
import { call } from '../../unit/electron/hub/support/inject.js';
import { postgresEngine, sqliteEngine, type FreshStore, type StoreEngine } from './storeEngines.js';
import { api } from './support.js';

/**
 * The store contract (DESIGN 8), run against each engine: what the hub acknowledged is stored
 * exactly once and survives SIGKILL; a retried result gets the same receipt; concurrent writers
 * (requests here, replicas on PostgreSQL) never duplicate or lose an entry; grading jobs are
 * claimed once each. SQLite alone: a torn database file is refused with a clear error.
 */
const ROUNDS = 20;
const NEW_PER_ROUND = 3;
const P = '/api/v1';

interface Candidate {
  id: string;
  device: Device;
  attemptId: string;
  token: string;
  journal: TestJournal;
  result: Result;
  /** The receipt the hub acknowledged, once it did. */
  receipt: string | null;
  /** The highest seq the hub acknowledged. */
  ackedSeq: number;
}

const num = (v: unknown): number => Number(v);
const ownerOf = async (store: HubStore, tokenHash: string) => (await store.tokenOwners([tokenHash])).get(tokenHash) ?? null;

function attemptRecord(id: string, at: string): EnrolledAttempt {
  return {
    attemptId: `a${id.padEnd(12, '0')}`,
    examId: 'demo',
    examVersion: '2026.11.0',
    candidateId: id,
    candidateName: `Candidate ${id}`,
    devicePublicKey: 'unused here',
    deviceInfo: { os: 'linux' },
    proof: null,
    enrolledAt: at,
  };
}

describe.each<StoreEngine>([sqliteEngine, postgresEngine()])('hub store contract on $name', (engine) => {
  beforeAll(() => engine.setup(), 60_000);
  afterAll(() => engine.teardown(), 60_000);

  const withStore = async (fn: (store: HubStore, fresh: FreshStore) => Promise<void>) => {
    const fresh = await engine.fresh();
    const store = await fresh.open();
    try {
      await store.open();
      await fn(store, fresh);
    } finally {
      await store.close();
      await fresh.dispose();
    }
  };

  it('migrates a fresh database once, records each version, and keeps one identity across opens', async () => {
    const fresh = await engine.fresh();
    try {
      const first = await fresh.open();
      const identity = await first.open();
      await first.close();
      const again = await fresh.open();
      expect((await again.open()).hubId).toBe(identity.hubId);
      await again.close();
      const rows = await fresh.query('SELECT version, name FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => num(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await fresh.dispose();
    }
  });

  it('concurrent appends continuing the same head: one is stored, the other is told to re-read; nothing is duplicated', async () => {
    await withStore(async (store, fresh) => {
      const at = new Date().toISOString();
      const sitting = await store.addSitting({ name: 'room 1', examId: 'demo', examVersion: '2026.11.0', packageDir: DEMO_EXAM, accessCode: 'CONTRACT1', opensAt: null, closesAt: null }, at);
      const attempt = attemptRecord('c1', at);
      expect(await store.enroll(attempt, sitting.sittingId, 'token-hash-1', '2999-01-01T00:00:00.000Z')).toBe(true);
      expect(await store.enroll(attempt, sitting.sittingId, 'token-hash-2', '2999-01-01T00:00:00.000Z')).toBe(false);
      const journal = new TestJournal().fillExam({ 'http-status': 'b' });
      const [a, b] = await Promise.all([
        store.appendEvents(attempt.attemptId, 0, journal.entries.slice(0, 3), at),
        store.appendEvents(attempt.attemptId, 0, journal.entries.slice(0, 4), at),
      ]);
      expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
      const winner = a.ok ? a : b;
      const loser = a.ok ? b : a;
      expect(loser.lastSeq).toBe(winner.lastSeq);
      const rest = await store.appendEvents(attempt.attemptId, winner.lastSeq, journal.after(winner.lastSeq), at);
      expect(rest).toEqual({ ok: true, lastSeq: journal.entries.length });
      expect((await store.readEvents(attempt.attemptId)).map((e) => e.seq)).toEqual(journal.entries.map((e) => e.seq));
      expect((await store.readEvents(attempt.attemptId, 4, 2)).map((e) => e.seq)).toEqual([5, 6]);
      const counted = await fresh.query('SELECT COUNT(*) AS n, MAX(seq) AS last FROM journal_entries');
      expect(counted.map((r) => [num(r.n), num(r.last)])).toEqual([[journal.entries.length, journal.entries.length]]);
      const stored = await store.attempt(attempt.attemptId);
      expect(stored).toMatchObject({ lastSeq: journal.entries.length, journalState: 'submitted', violations: { info: 0, warning: 1, critical: 0 } });
      expect(await ownerOf(store, 'token-hash-1')).toEqual({ attemptId: attempt.attemptId, expiresAt: '2999-01-01T00:00:00.000Z' });
      expect(await ownerOf(store, 'token-hash-2')).toBeNull();
    });
  });

  it('batched reads: tokens, heartbeat views and journal heads of many attempts in one call, past one statement of keys; unknown keys absent', async () => {
    await withStore(async (store) => {
      const at = new Date().toISOString();
      const sitting = await store.addSitting({ name: 'room batch', examId: 'demo', examVersion: '2026.11.0', packageDir: DEMO_EXAM, accessCode: 'CONTRACTB', opensAt: null, closesAt: null }, at);
      const [one, two] = [attemptRecord('b1', at), attemptRecord('b2', at)];
      await store.enroll(one, sitting.sittingId, 'hash-b1', '2999-01-01T00:00:00.000Z');
      await store.enroll(two, sitting.sittingId, 'hash-b2', '2998-01-01T00:00:00.000Z');
      const journal = new TestJournal().fillExam({ 'http-status': 'b' });
      await store.appendEvents(two.attemptId, 0, journal.entries, at);
      const audit = { at, account: 'Ada', action: 'command', attemptId: one.attemptId, detail: {} };
      const commands = [
        { id: 'cmd-b-1', type: 'message' as const, issuedBy: 'Ada', issuedAt: at, text: 'first' },
        { id: 'cmd-b-2', type: 'message' as const, issuedBy: 'Ada', issuedAt: at, text: 'second' },
      ];
      for (const c of commands) await store.addCommand(one.attemptId, c, audit);
      // 1,200 keys: three statements' worth, the two held ones last, and a duplicate.
      const padding = Array.from({ length: 1198 }, (_, i) => `absent-${i}`);
      const owners = await store.tokenOwners([...padding, 'hash-b1', 'hash-b2', 'hash-b1']);
      expect([...owners.entries()].sort()).toEqual([
        ['hash-b1', { attemptId: one.attemptId, expiresAt: '2999-01-01T00:00:00.000Z' }],
        ['hash-b2', { attemptId: two.attemptId, expiresAt: '2998-01-01T00:00:00.000Z' }],
      ]);
      const views = await store.heartbeatViews([...padding, two.attemptId, one.attemptId]);
      expect(views.size).toBe(2);
      expect(views.get(one.attemptId)).toEqual({ lastSeq: 0, pendingCommands: commands });
      expect(views.get(two.attemptId)).toEqual({ lastSeq: journal.entries.length, pendingCommands: [] });
      const heads = await store.journalHeads([one.attemptId, 'absent', two.attemptId]);
      expect(heads.get(one.attemptId)).toEqual({ lastSeq: 0, headHash: null, bytes: 0, sealed: null });
      expect(heads.get(two.attemptId)).toEqual({
        lastSeq: journal.entries.length,
        headHash: journal.entries.at(-1)?.hash,
        bytes: journal.entries.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)), 0),
        sealed: null,
      });
      expect(heads.has('absent')).toBe(false);
      expect(await store.tokenOwners([])).toEqual(new Map());
    });
  });

  it('a sitting and its audit row commit together (a taken code stores neither); a close is audited once; attempts are counted per sitting', async () => {
    await withStore(async (store) => {
      const at = new Date().toISOString();
      const fields = { examId: 'demo', examVersion: '2026.11.0', packageDir: DEMO_EXAM, opensAt: null, closesAt: null };
      const audit = (action: string) => (s: { sittingId: string }) => ({ at, account: 'Ada', action, attemptId: null, detail: { sittingId: s.sittingId } });
      const room = await store.addSitting({ ...fields, name: 'audited', accessCode: 'AUDIT-1' }, at, audit('sitting:add'));
      await expect(store.addSitting({ ...fields, name: 'same code', accessCode: 'audit-1' }, at, audit('sitting:add'))).rejects.toThrow(/already has this access code/);
      const entry = { at, account: 'Ada', action: 'sitting:close', attemptId: null, detail: { sittingId: room.sittingId } };
      expect(await store.closeSitting(room.sittingId, at, entry)).toBe(true);
      expect(await store.closeSitting(room.sittingId, at, entry)).toBe(false);
      const log = (await store.auditLog()).filter((e) => e.action.startsWith('sitting:'));
      // Newest first: the refused add and the second close left no row.
      expect(log.map((e) => [e.action, e.detail])).toEqual([
        ['sitting:close', { sittingId: room.sittingId }],
        ['sitting:add', { sittingId: room.sittingId }],
      ]);
      expect((await store.listSittings()).map((s) => s.name)).toEqual(['audited']);

      const other = await store.addSitting({ ...fields, name: 'counted', accessCode: 'COUNTED' }, at);
      for (const id of ['k1', 'k2', 'k3']) await store.enroll(attemptRecord(id, at), other.sittingId, `hash-${id}`, '2999-01-01T00:00:00.000Z');
      // A replaced attempt (a laptop swap) is not counted twice.
      await store.supersede(attemptRecord('k1', at).attemptId, attemptRecord('k2', at).attemptId);
      expect([...(await store.sittingAttemptCounts())]).toEqual([[other.sittingId, 2]]);
    });
  });

  it('a result and its grading job commit together; the same result again gets the held receipt, stored once; jobs are claimed once each', async () => {
    await withStore(async (store, fresh) => {
      const at = new Date().toISOString();
      const sitting = await store.addSitting({ name: 'room 2', examId: 'demo', examVersion: '2026.11.0', packageDir: DEMO_EXAM, accessCode: 'CONTRACT2', opensAt: null, closesAt: null }, at);
      const ids: string[] = [];
      for (const c of ['r1', 'r2', 'r3']) {
        const attempt = attemptRecord(c, at);
        await store.enroll(attempt, sitting.sittingId, `hash-${c}`, '2999-01-01T00:00:00.000Z');
        const device = makeDevice();
        const journal = new TestJournal().fillExam(DEMO_ANSWERS);
        const result = makeResult({ attemptId: attempt.attemptId, candidateId: c, device, journal });
        const meta = { resultSha256: `sha-${c}`, receipt: `receipt-${c}`, receivedAt: at, idempotencyKey: `key-${c}-0001`, submittedAt: result.submittedAt, submitReason: result.submitReason, journal: result.journal, bytes: 10 };
        const [one, two] = await Promise.all([store.putResult(attempt.attemptId, { meta, result }, true), store.putResult(attempt.attemptId, { meta: { ...meta, receipt: 'another' }, result }, true)]);
        expect([one.created, two.created].sort()).toEqual([false, true]);
        expect(one.meta.receipt).toBe(two.meta.receipt);
        expect((await store.readResult(attempt.attemptId))?.result).toEqual(result);
        ids.push(attempt.attemptId);
      }
      expect((await fresh.query('SELECT COUNT(*) AS n FROM results')).map((r) => num(r.n))).toEqual([3]);
      const now = new Date().toISOString();
      const lease = new Date(Date.now() + 60_000).toISOString();
      const claims = await Promise.all([1, 2, 3, 4, 5].map((w) => store.claimGradingJob(`worker-${w}`, now, lease)));
      expect(claims.filter((c) => c !== null).sort()).toEqual(ids.slice().sort());
      expect(await store.claimGradingJob('late', now, lease)).toBeNull();
      // A claim whose lease ran out (its grader died) is claimed again.
      expect(await store.claimGradingJob('later', new Date(Date.now() + 120_000).toISOString(), new Date(Date.now() + 180_000).toISOString())).not.toBeNull();
    });
  });

  it('a result stored before its journal waits without a job; releasing it once queues or refuses it; hub violations, token revocation and expiry (issue 15)', async () => {
    await withStore(async (store) => {
      const at = new Date().toISOString();
      const sitting = await store.addSitting({ name: 'room 3', examId: 'demo', examVersion: '2026.11.0', packageDir: DEMO_EXAM, accessCode: 'CONTRACT3', opensAt: null, closesAt: null }, at);
      const ids: string[] = [];
      for (const c of ['w1', 'w2']) {
        const attempt = attemptRecord(c, at);
        await store.enroll(attempt, sitting.sittingId, `hash-${c}`, '2999-01-01T00:00:00.000Z');
        const journal = new TestJournal().fillExam(DEMO_ANSWERS);
        const result = makeResult({ attemptId: attempt.attemptId, candidateId: c, device: makeDevice(), journal });
        const meta = { resultSha256: `sha-${c}`, receipt: `receipt-${c}`, receivedAt: at, idempotencyKey: `key-${c}-0001`, submittedAt: result.submittedAt, submitReason: result.submitReason, journal: result.journal, bytes: 10 };
        expect((await store.putResult(attempt.attemptId, { meta, result }, false)).created).toBe(true);
        expect((await store.attempt(attempt.attemptId))?.gradingStatus).toBe('incomplete-journal');
        ids.push(attempt.attemptId);
      }
      const [queued, refused] = ids as [string, string];
      expect(await store.claimGradingJob('w', at, at)).toBeNull();
      const releases = await Promise.all([store.releaseResult(queued, at, null), store.releaseResult(queued, at, null)]);
      expect(releases.filter(Boolean)).toHaveLength(1);
      expect((await store.attempt(queued))?.gradingStatus).toBe('pending');
      expect(await store.releaseResult(refused, at, 'answers disagree at q1')).toBe(true);
      expect(await store.releaseResult(refused, at, null)).toBe(false);
      expect(await store.attempt(refused)).toMatchObject({ gradingStatus: 'refused', gradingError: 'answers disagree at q1' });
      expect(await store.claimGradingJob('w', new Date(Date.now() + 1000).toISOString(), new Date(Date.now() + 60_000).toISOString())).toBe(queued);

      await store.addHubViolation(refused, { at, kind: 'result-mismatch', severity: 'critical', detail: 'refused' });
      expect(await store.hubViolations(refused)).toEqual([{ at, kind: 'result-mismatch', severity: 'critical', detail: 'refused' }]);
      expect((await store.attempt(refused))?.violations.critical).toBe(1);

      await store.addToken(queued, 'hash-w1-again', at, '2999-01-01T00:00:00.000Z');
      expect(await ownerOf(store, 'hash-w1')).toBeNull();
      await store.expireTokens(queued, '2030-01-01T00:00:00.000Z');
      expect(await ownerOf(store, 'hash-w1-again')).toEqual({ attemptId: queued, expiresAt: '2030-01-01T00:00:00.000Z' });
      const request = { at, deviceFingerprint: '0123456789abcdef', deviceInfo: { hostname: 'lab-pc-07' } };
      await store.requestReenroll(refused, request);
      expect((await store.attempt(refused))?.reenrollRequest).toEqual(request);
      const allowEntry = { at, account: 'Grace', action: 'allow-reenroll', attemptId: refused, detail: {} };
      // Only the device the request names: another fingerprint writes nothing.
      expect(await store.allowReenroll(refused, '2030-01-01T00:00:00.000Z', 'ffffffffffffffff', allowEntry)).toBe(false);
      expect((await store.attempt(refused))?.reenrollAllowedUntil).toBeNull();
      expect(await store.allowReenroll(refused, '2030-01-01T00:00:00.000Z', '0123456789abcdef', allowEntry)).toBe(true);
      expect((await store.attempt(refused))?.reenrollAllowedUntil).toBe('2030-01-01T00:00:00.000Z');
      // While the approval runs, a refused try from yet another device does not replace the allowed one.
      await store.requestReenroll(refused, { ...request, at: '2029-01-01T00:00:00.000Z', deviceFingerprint: 'aaaaaaaaaaaaaaaa' });
      expect((await store.attempt(refused))?.reenrollRequest).toEqual(request);
      expect((await store.candidateAttempts('demo', '2026.11.0', 'w2')).at(-1)?.reenrollRequest).toEqual(request);
      await store.supersede(refused, queued);
      expect(await store.attempt(refused)).toMatchObject({ reenrollRequest: null, reenrollAllowedUntil: null });
      expect(await ownerOf(store, 'hash-w2')).toBeNull();
      expect((await store.attempt(refused))?.supersededBy).toBe(queued);
      expect((await store.candidateAttempts('demo', '2026.11.0', 'w2')).map((a) => a.supersededBy)).toEqual([queued]);
    });
  });

  it('over HTTP: a retried result gets the same receipt, and a restart keeps it', async () => {
    const fresh = await engine.fresh();
    const start = () => createHubServer({ examDir: DEMO_EXAM, dataDir: fresh.dataDir, storeUrl: fresh.storeUrl, accessCode: ACCESS_CODE, proctorPassword: PASSWORD, listen: false, deps: { sql: stubSql } });
    try {
      let hub = await start();
      const device = makeDevice();
      const { attemptId, token } = (await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(device, 'c-http') })).json as { attemptId: string; token: string };
      const journal = new TestJournal().fillExam(DEMO_ANSWERS);
      const result = makeResult({ attemptId, candidateId: 'c-http', device, journal });
      const put = () => call(hub, 'PUT', `${P}/attempts/${attemptId}/result`, { token, body: result, headers: { 'idempotency-key': resultSha256(result) } });
      const first = await put();
      expect(first.status).toBe(201);
      expect((await put()).json.receipt).toBe(first.json.receipt);
      await hub.close();
      hub = await start();
      const again = await put();
      expect(again.status).toBe(200);
      expect(again.json).toEqual(first.json);
      await hub.gradingIdle();
      await hub.close();
      expect((await fresh.query('SELECT COUNT(*) AS n FROM results')).map((r) => num(r.n))).toEqual([1]);
    } finally {
      await fresh.dispose();
    }
  });

  it(`SIGKILL during uploads, ${ROUNDS} times: every acknowledged result and entry is there exactly once`, async () => {
    const fresh = await engine.fresh();
    const passwordFile = join(fresh.dataDir, '..', `${fresh.dataDir.split('/').at(-1)}-password`);
    await writeFile(passwordFile, `${PASSWORD}\n`);
    await chmod(passwordFile, 0o600);
    const args = () => ['hub', '--exam', DEMO_EXAM, '--data', fresh.dataDir, ...fresh.storeArgs, '--access-code', ACCESS_CODE, '--proctor-password-file', passwordFile];
    const candidates: Candidate[] = [];
    // Uploads the kill cut off (or that never started before it): the test must see some.
    let missed = 0;
    let server = await startCliServer(args());
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const url = server.url;
        for (let i = 0; i < NEW_PER_ROUND; i++) {
          const id = `r${round}-c${i}`;
          const device = makeDevice();
          const reply = await enroll(url, enrollBody(device, id));
          const answers = { ...DEMO_ANSWERS, 'explain-index': `${'An index costs writes. '.repeat(4000)}${id}` };
          const journal = new TestJournal().fillExam(answers);
          const result = makeResult({ attemptId: reply.attemptId, candidateId: id, device, journal, answers });
          candidates.push({ id, device, attemptId: reply.attemptId, token: reply.token, journal, result, receipt: null, ackedSeq: 0 });
        }
        // Everything without an acknowledgement goes up, spread over 150 ms; the kill lands at 75 ms
        // or, on a loaded machine, once the first upload of the round is acknowledged, so some
        // uploads are acknowledged before it, some are cut off and some never start.
        let firstAck: () => void = () => {};
        const acknowledged = new Promise<void>((resolve) => (firstAck = resolve));
        const inFlight = candidates.map(async (c, i) => {
          await new Promise((r) => setTimeout(r, (i * 37 + round * 11) % 150));
          try {
            if (c.ackedSeq < c.journal.entries.length) {
              const res = await api(url, 'POST', `${P}/attempts/${c.attemptId}/events`, { token: c.token, body: { entries: c.journal.after(c.ackedSeq) } });
              if (res.status === 200) c.ackedSeq = res.json.ackSeq;
            }
            if (!c.receipt) {
              const res = await fetch(`${url}api/v1/attempts/${c.attemptId}/result`, {
                method: 'PUT',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}`, 'idempotency-key': resultSha256(c.result) },
                body: JSON.stringify(c.result),
                signal: AbortSignal.timeout(15_000),
              });
              if (res.status === 201 || res.status === 200) {
                c.receipt = ((await res.json()) as { receipt: string }).receipt;
                firstAck();
              }
            }
          } catch {
            // The hub died mid-request: not acknowledged, so this client simply tries again later.
          }
        });
        await Promise.all([new Promise((r) => setTimeout(r, 75)), Promise.race([acknowledged, new Promise((r) => setTimeout(r, 10_000))])]);
        server.child.kill('SIGKILL');
        await Promise.all(inFlight);
        missed += candidates.filter((c) => !c.receipt).length;
        await new Promise<void>((resolve) => (server.child.exitCode !== null || server.child.signalCode !== null ? resolve() : server.child.once('exit', () => resolve())));

        server = await startCliServer(args());
        const proctor = (await api(server.url, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json.token as string;
        const list = (await api(server.url, 'GET', `${P}/proctor/attempts`, { token: proctor })).json as Array<{ attemptId: string; journalSeq: number; result: { resultSha256: string } | null }>;
        const byId = new Map(list.map((a) => [a.attemptId, a]));
        for (const c of candidates) {
          const held = byId.get(c.attemptId);
          expect(held, `attempt ${c.id} (enrolled before the kill)`).toBeDefined();
          expect(held?.journalSeq ?? 0).toBeGreaterThanOrEqual(c.ackedSeq);
          if (c.receipt) expect(held?.result?.resultSha256).toBe(resultSha256(c.result));
        }
        // Nothing duplicated: one row per result, and each journal is 1..n without gaps or repeats.
        const results = await fresh.query('SELECT attempt_id, receipt FROM results');
        expect(results.length).toBeLessThanOrEqual(candidates.length);
        const receipts = new Map(results.map((r) => [String(r.attempt_id), String(r.receipt)]));
        for (const c of candidates) if (c.receipt) expect(receipts.get(c.attemptId)).toBe(c.receipt);
        const journals = await fresh.query('SELECT j.attempt_id, COUNT(*) AS n, MAX(j.seq) AS last, MAX(a.last_seq) AS held FROM journal_entries j JOIN attempts a ON a.attempt_id = j.attempt_id GROUP BY j.attempt_id');
        for (const j of journals) expect([num(j.n), num(j.last)]).toEqual([num(j.held), num(j.held)]);
      }

      // After the last restart: every client without a receipt uploads again and succeeds; those
      // with one get the same receipt back.
      const url = server.url;
      for (const c of candidates) {
        const events = await api(url, 'POST', `${P}/attempts/${c.attemptId}/events`, { token: c.token, body: { entries: c.journal.entries } });
        expect(events.status).toBe(200);
        expect(events.json.ackSeq).toBe(c.journal.entries.length);
        const res = await fetch(`${url}api/v1/attempts/${c.attemptId}/result`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}`, 'idempotency-key': resultSha256(c.result) },
          body: JSON.stringify(c.result),
        });
        expect([200, 201]).toContain(res.status);
        const { receipt } = (await res.json()) as { receipt: string };
        if (c.receipt) {
          expect(res.status).toBe(200);
          expect(receipt).toBe(c.receipt);
        }
      }
      expect((await fresh.query('SELECT COUNT(*) AS n FROM results')).map((r) => num(r.n))).toEqual([candidates.length]);
      expect((await fresh.query('SELECT COUNT(*) AS n FROM grading_jobs')).map((r) => num(r.n))).toEqual([candidates.length]);
      // Both cases happened: results acknowledged before a kill, and uploads a kill cut off.
      expect(candidates.filter((c) => c.receipt).length).toBeGreaterThan(0);
      expect(missed).toBeGreaterThan(0);
    } finally {
      await server.stop();
      await rm(passwordFile, { force: true });
      await fresh.dispose();
    }
  }, 170_000);
});

describe('the SQLite file', () => {
  it('a torn database file is refused with an error naming the file and what to do', async () => {
    const fresh = await sqliteEngine.fresh();
    try {
      const store = await fresh.open();
      await store.open();
      await store.addSitting({ name: 'room', examId: 'demo', examVersion: '1', packageDir: DEMO_EXAM, accessCode: 'TORNFILE', opensAt: null, closesAt: null }, new Date().toISOString());
      for (let i = 0; i < 50; i++) await store.saveLive({});
      await store.close();
      const file = join(fresh.dataDir, SQLITE_FILE);
      const { size } = await stat(file);
      // A write torn mid-page: the second half of the file is garbage.
      const handle = await openFile(file, 'r+');
      await handle.write(Buffer.alloc(size - Math.floor(size / 2), 0xa5), 0, undefined, Math.floor(size / 2));
      await handle.close();
      await expect(openHubStore({ dataDir: fresh.dataDir }).then((s) => s.open())).rejects.toThrow(new RegExp(`hub database .*${SQLITE_FILE} is damaged.*will not start on it`));
      // The header itself overwritten: not a database at all.
      const header = await openFile(file, 'r+');
      await header.write(Buffer.from('this is not a sqlite file at all'), 0, undefined, 0);
      await header.close();
      await expect(openHubStore({ dataDir: fresh.dataDir })).rejects.toThrow(/is damaged \(SQLITE_NOTADB/);
    } finally {
      await fresh.dispose();
    }
  });
});
