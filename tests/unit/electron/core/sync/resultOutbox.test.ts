import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffCeiling, UPLOAD_BACKOFF } from '../../../../../electron/core/sync/backoff.js';
import { HubRequestError } from '../../../../../electron/core/sync/hubTransport.js';
import { createResultOutbox, resultSha256, type OutboxState } from '../../../../../electron/core/sync/resultOutbox.js';
import { makeDevice, makeResult, TestJournal } from '../../hub/support/hubFixture.js';
import { FakeClock, fakeTransport, json, settle } from './fakes.js';

const result = makeResult({ attemptId: 'aOutbox', candidateId: 'c-1', device: makeDevice(), journal: new TestJournal().fillExam({ 'http-status': 'b' }) });
const receiptFor = (sha = resultSha256(result)) => ({ receipt: 'vr1.a.b', hubId: 'hTest', attemptId: 'aOutbox', resultSha256: sha, receivedAt: '2026-05-01T10:00:00.000Z' });

describe('the results outbox', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-outbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the result durably before enqueue resolves, retries with bounded full-jitter delays, keeps everything after the receipt', async () => {
    const clock = new FakeClock();
    clock.randomValue = 0.999;
    let failures = 6;
    const transport = fakeTransport(() => {
      if (failures-- > 0) throw new HubRequestError('network', 'connection refused');
      return json(201, receiptFor());
    });
    const states: OutboxState[] = [];
    const outbox = createResultOutbox({ dir, transport, attemptId: 'aOutbox', token: () => 't', clock, onState: (s) => states.push(s) });
    await outbox.start();
    await outbox.enqueue(result);
    expect(JSON.parse(await readFile(join(dir, 'result.json'), 'utf8'))).toEqual(result);
    for (let i = 0; i < 10; i++) await clock.advance(30_000);
    await vi.waitFor(() => expect(outbox.state().kind).toBe('delivered'));
    const waits = states.filter((s): s is Extract<OutboxState, { kind: 'waiting' }> => s.kind === 'waiting');
    expect(waits).toHaveLength(6);
    waits.forEach((w, i) => {
      expect(w.retryInMs).toBeGreaterThanOrEqual(0);
      expect(w.retryInMs).toBeLessThan(backoffCeiling(i, UPLOAD_BACKOFF));
      // With random() near 1 the delay is near the ceiling: the growth is exponential.
      expect(w.retryInMs).toBeGreaterThan(backoffCeiling(i, UPLOAD_BACKOFF) * 0.99);
    });
    expect(transport.calls).toHaveLength(7);
    expect(new Set(transport.calls.map((c) => c.options.headers?.['idempotency-key']))).toEqual(new Set([resultSha256(result)]));
    expect((await readdir(dir)).sort()).toEqual(['receipt.json', 'result.json']);
    await outbox.close();
  });

  it('reports upload progress', async () => {
    const clock = new FakeClock();
    const transport = fakeTransport((_m, _p, options) => {
      const total = (options.body as Buffer).length;
      options.onProgress?.(Math.floor(total / 2), total);
      options.onProgress?.(total, total);
      return json(201, receiptFor());
    });
    const states: OutboxState[] = [];
    const outbox = createResultOutbox({ dir, transport, attemptId: 'aOutbox', token: () => 't', clock, onState: (s) => states.push(s) });
    await outbox.start();
    await outbox.enqueue(result);
    await vi.waitFor(() => expect(outbox.state().kind).toBe('delivered'));
    const uploads = states.filter((s) => s.kind === 'uploading');
    expect(uploads.at(-1)).toEqual({ kind: 'uploading', sentBytes: expect.any(Number), totalBytes: expect.any(Number) });
    expect(uploads.some((s) => s.kind === 'uploading' && s.sentBytes > 0 && s.sentBytes < s.totalBytes)).toBe(true);
    await outbox.close();
  });

  it('survives a restart: a result without receipt is uploaded again; with a receipt nothing is sent', async () => {
    const clock = new FakeClock();
    const down = fakeTransport(() => {
      throw new HubRequestError('network', 'no route to host');
    });
    const first = createResultOutbox({ dir, transport: down, attemptId: 'aOutbox', token: () => 't', clock });
    await first.start();
    await first.enqueue(result);
    await settle();
    await first.close();
    expect(await readdir(dir)).toEqual(['result.json']);

    const up = fakeTransport(() => json(201, receiptFor()));
    const second = createResultOutbox({ dir, transport: up, attemptId: 'aOutbox', token: () => 't', clock: new FakeClock() });
    await second.start();
    await vi.waitFor(() => expect(second.state().kind).toBe('delivered'));
    expect(up.calls).toHaveLength(1);
    expect(JSON.parse((up.calls[0]?.options.body as Buffer).toString())).toEqual(result);
    await second.close();

    const idle = fakeTransport(() => json(500, {}));
    const third = createResultOutbox({ dir, transport: idle, attemptId: 'aOutbox', token: () => 't', clock: new FakeClock() });
    await third.start();
    expect(third.state()).toMatchObject({ kind: 'delivered', receipt: receiptFor() });
    await third.enqueue(result);
    await settle();
    expect(idle.calls).toHaveLength(0);
    await third.close();
  });

  it('stops on a refusal retrying cannot fix, and tries again when kicked', async () => {
    const clock = new FakeClock();
    let answer = json(409, { code: 'conflict', message: 'the hub already holds a different result' });
    const transport = fakeTransport(() => answer);
    const outbox = createResultOutbox({ dir, transport, attemptId: 'aOutbox', token: () => 't', clock });
    await outbox.start();
    await outbox.enqueue(result);
    await vi.waitFor(() => expect(outbox.state()).toMatchObject({ kind: 'failed', status: 409 }));
    await clock.advance(120_000);
    expect(transport.calls).toHaveLength(1);
    answer = json(200, receiptFor());
    outbox.kick();
    await vi.waitFor(() => expect(outbox.state().kind).toBe('delivered'));
    await outbox.close();
  });

  it('refuses to replace a queued result with a different one', async () => {
    const outbox = createResultOutbox({ dir, transport: fakeTransport(() => json(500, {})), attemptId: 'aOutbox', token: () => 't', clock: new FakeClock() });
    await outbox.start();
    await outbox.enqueue(result);
    const other = makeResult({ attemptId: 'aOutbox', candidateId: 'c-1', device: makeDevice(), journal: new TestJournal().fillExam({}) });
    await expect(outbox.enqueue(other)).rejects.toThrow(/different result/);
    await outbox.enqueue(result);
    await outbox.close();
  });

  it('a receipt naming another result is not accepted', async () => {
    const clock = new FakeClock();
    const transport = fakeTransport(() => json(201, receiptFor('0'.repeat(64))));
    const outbox = createResultOutbox({ dir, transport, attemptId: 'aOutbox', token: () => 't', clock });
    await outbox.start();
    await outbox.enqueue(result);
    await vi.waitFor(() => expect(outbox.state()).toMatchObject({ kind: 'waiting', detail: 'the receipt names another result' }));
    expect(await readdir(dir)).toEqual(['result.json']);
    await outbox.close();
  });
});
