import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsHubStore } from '../../../../../electron/hub/store/fsHubStore.js';
import type { HubRecord } from '../../../../../electron/hub/store/hubRecords.js';
import { makeDevice, makeResult, TestJournal } from '../support/hubFixture.js';

const exam = { examId: 'demo', examVersion: '2026.11.0' };

describe('the file-system hub store', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-hubstore-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const enrollRecord: HubRecord = {
    k: 'enroll',
    at: '2026-05-01T09:00:00.000Z',
    tokenHash: 'h'.repeat(64),
    attempt: {
      attemptId: 'aAttempt1',
      examId: 'demo',
      examVersion: '2026.11.0',
      candidateId: 'c-1',
      candidateName: 'C One',
      devicePublicKey: makeDevice().publicKeyPem,
      deviceInfo: {},
      proof: null,
      enrolledAt: '2026-05-01T09:00:00.000Z',
    },
  };

  it('replays records, serves events and results after a reopen, keeps the identity', async () => {
    const journal = new TestJournal().fillExam({ 'http-status': 'b' });
    const store = createFsHubStore({ dataDir });
    const first = await store.open(exam, () => {});
    await store.append([enrollRecord]);
    await store.append([{ k: 'events', at: enrollRecord.at, attemptId: 'aAttempt1', entries: journal.entries.slice(0, 2) }]);
    await store.append([{ k: 'events', at: enrollRecord.at, attemptId: 'aAttempt1', entries: journal.entries.slice(2) }]);
    const device = makeDevice();
    const result = makeResult({ attemptId: 'aAttempt1', candidateId: 'c-1', device, journal });
    const meta = { resultSha256: 'f'.repeat(64), receipt: 'vr1.x.y', receivedAt: enrollRecord.at, idempotencyKey: 'key-00001', submittedAt: result.submittedAt, submitReason: result.submitReason, journal: result.journal, bytes: 10 };
    await store.putResult('aAttempt1', { meta, result });
    await store.close();

    const seen: HubRecord[] = [];
    const again = createFsHubStore({ dataDir });
    const second = await again.open(exam, (r) => seen.push(r));
    expect(second.identity.hubId).toBe(first.identity.hubId);
    expect(second.identity.receiptKey.equals(first.identity.receiptKey)).toBe(true);
    expect(seen.map((r) => r.k)).toEqual(['enroll', 'events', 'events']);
    expect(await again.readEvents('aAttempt1')).toEqual(journal.entries);
    expect((await again.readResult('aAttempt1'))?.result).toEqual(result);
    // The result file exists without its `result` record: reported for recovery.
    expect(second.recoveredResults.map((r) => r.attemptId)).toEqual(['aAttempt1']);
    await again.close();
  });

  it('refuses a data folder made for another exam, and a second hub on the same folder', async () => {
    const store = createFsHubStore({ dataDir });
    await store.open(exam, () => {});
    await expect(createFsHubStore({ dataDir }).open(exam, () => {})).rejects.toThrow(/in use by another hub|already open/);
    await store.close();
    await expect(createFsHubStore({ dataDir }).open({ examId: 'other', examVersion: '1' }, () => {})).rejects.toThrow(/belongs to exam demo/);
  });

  it('never builds a path from a name that is not an id', async () => {
    const store = createFsHubStore({ dataDir });
    await store.open(exam, () => {});
    await expect(store.readResult('../../etc/passwd')).rejects.toThrow(/not an attempt id/);
    await expect(store.putGraded('a/b', { examId: 'x', score: 0, maxScore: 0, pendingManual: [], items: {}, skills: {} })).rejects.toThrow(/not an attempt id/);
    await store.close();
  });
});
