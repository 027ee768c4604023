import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resultSchema, type Result } from '../../../../shared/result.js';
import { SQLITE_FILE } from '../../../../electron/hub/store/openHubStore.js';
import { call } from './support/inject.js';
import { DEMO_ANSWERS, enrollBody, makeDevice, makeResult, startTestHub, TestJournal, type Device, type TestHub } from './support/hubFixture.js';

const P = '/api/v1';
const archive = Buffer.from('a workspace archive stands in here: the hub only checks its SHA-256 on upload');

/** Every leaf of a value, as a path. */
function leaves(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [path];
}

/** A different value of the same shape, so the schema still passes and only the signature can tell. */
function alter(value: unknown): unknown {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (typeof value !== 'string') return value;
  if (/^[0-9a-f]{64}$/.test(value)) return value.slice(0, -1) + (value.endsWith('0') ? '1' : '0');
  if (/^\d{4}-\d\d-\d\dT/.test(value)) return value.replace(/:(\d)(\d)\./, (_m, a: string, b: string) => `:${a}${b === '9' ? '8' : String(Number(b) + 1)}.`);
  if (value === 'candidate') return 'proctor';
  if (value === 'vigil-result/1') return value;
  if (/^[A-Za-z0-9+/]+=*$/.test(value) && value.length > 8) {
    // Base64: change one character before the padding.
    const i = value.replace(/=+$/, '').length - 2;
    return value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1);
  }
  return `${value}x`;
}

function withLeaf(result: Result, path: Array<string | number>, value: unknown): unknown {
  const copy = structuredClone(result) as unknown as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[path.at(-1) as string | number] = value;
  return copy;
}

describe('result replay and tampering', () => {
  let hub: TestHub;
  let device: Device;
  let attemptId: string;
  let token: string;
  let result: Result;
  const put = (body: unknown, tok: string | undefined = token, key = 'upload-key-1') =>
    call(hub, 'PUT', `${P}/attempts/${attemptId}/result`, { token: tok, body, headers: { 'idempotency-key': key } });

  beforeEach(async () => {
    hub = await startTestHub();
    device = makeDevice();
    const enrolled = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(device, 'c-1') });
    ({ attemptId, token } = enrolled.json as { attemptId: string; token: string });
    const journal = new TestJournal().fillExam(DEMO_ANSWERS);
    // The hub grades only against a journal it holds in full (docs/hub.md): ship it first.
    expect((await call(hub, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries: journal.entries } })).status).toBe(200);
    result = makeResult({
      attemptId,
      candidateId: 'c-1',
      device,
      journal,
      answers: { ...DEMO_ANSWERS, 'sum-function': { workspace: '/home/c/ws' } },
      workspaces: { 'sum-function': { archive: archive.toString('base64'), sha256: createHash('sha256').update(archive).digest('hex') } },
    });
  });
  afterEach(async () => {
    await hub.dispose();
  });

  it('the same result twice: the same receipt, stored once', async () => {
    const first = await put(result);
    const second = await put(result, token, 'upload-key-2');
    const third = await put(result);
    expect(first.status).toBe(201);
    expect([second.status, third.status]).toEqual([200, 200]);
    expect(second.json.receipt).toBe(first.json.receipt);
    expect(third.json).toEqual(first.json);
    // Read beside the running hub (WAL mode lets a reader in): one result row, one grading job.
    const db = new Database(join(hub.dataDir, SQLITE_FILE), { readonly: true });
    try {
      expect(db.prepare('SELECT attempt_id FROM results').all()).toEqual([{ attempt_id: attemptId }]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM grading_jobs').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it('any field altered (still well-formed) is a bad signature: 422', async () => {
    const paths = leaves(result).filter((p) => p[0] !== 'signature');
    let tested = 0;
    for (const path of paths) {
      const original = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], result);
      const tampered = withLeaf(result, path, alter(original));
      if (!resultSchema.safeParse(tampered).success || JSON.stringify(tampered) === JSON.stringify(result)) continue;
      const res = await put(tampered);
      expect(res.status, `altering ${path.join('.')}`).toBe(422);
      tested++;
    }
    expect(tested).toBeGreaterThanOrEqual(paths.length - 2);
    // An extra field is covered by the signature too, but the strict schema refuses it first.
    expect((await put({ ...result, extra: 1 })).status).toBe(400);
    // A signature from another key: 422.
    const forged = makeResult({ attemptId, candidateId: 'c-1', device: makeDevice(), journal: new TestJournal().fillExam(DEMO_ANSWERS) });
    expect((await put(forged)).status).toBe(422);
    // Nothing tampered was stored: the genuine result is still accepted as the first.
    expect((await put(result)).status).toBe(201);
  });

  it("another attempt's token: 403; no token: 401; unknown attempt: 404", async () => {
    const other = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-2') });
    expect((await put(result, other.json.token)).status).toBe(403);
    expect((await put(result, '')).status).toBe(401);
    expect((await call(hub, 'PUT', `${P}/attempts/a0000000000000000000000/result`, { token, body: result, headers: { 'idempotency-key': 'upload-key-1' } })).status).toBe(404);
  });

  it('a result signed by the right device but naming another attempt or candidate: 409', async () => {
    const journal = new TestJournal().fillExam(DEMO_ANSWERS);
    expect((await put(makeResult({ attemptId: 'aSomeOtherAttempt', candidateId: 'c-1', device, journal }))).status).toBe(409);
    expect((await put(makeResult({ attemptId, candidateId: 'c-9', device, journal }))).status).toBe(409);
  });
});
