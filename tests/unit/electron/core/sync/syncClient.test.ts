import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HubCommand } from '../../../../../shared/hub/commands.js';
import type { HeartbeatBody } from '../../../../../shared/hub/heartbeat.js';
import { HubRequestError } from '../../../../../electron/core/sync/hubTransport.js';
import { createSyncClient } from '../../../../../electron/core/sync/syncClient.js';
import type { SyncStatus } from '../../../../../electron/core/sync/syncStatus.js';
import { TestJournal } from '../../hub/support/hubFixture.js';
import { FakeClock, fakeTransport, json } from './fakes.js';

const live = { state: 'in-progress' as const, answered: 2, remainingMs: 60_000, lastSavedAt: null, journalSeq: 3 };
const command = (id: string, type: 'pause' | 'resume'): HubCommand =>
  (type === 'pause' ? { id, type, reason: 'fire drill', issuedBy: 'Ada', issuedAt: '2026-05-01T09:00:00.000Z' } : { id, type, issuedBy: 'Ada', issuedAt: '2026-05-01T09:00:00.000Z' }) as HubCommand;

describe('the sync client (fake clock and hub)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-sync-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('heartbeats each interval, runs each command once in order, acknowledges it, measures the hub offset', async () => {
    const clock = new FakeClock();
    const pending = [command('c1', 'pause'), command('c2', 'resume')];
    const bodies: HeartbeatBody[] = [];
    const transport = fakeTransport((_m, path, options) => {
      if (path.endsWith('/heartbeats')) {
        const body = options.body as HeartbeatBody;
        bodies.push(body);
        for (const id of body.ackCommands ?? []) pending.splice(pending.findIndex((c) => c.id === id), 1);
        // The hub's clock is 90 s ahead of ours.
        return json(200, { serverTime: new Date(clock.now() + 90_000).toISOString(), commands: pending, ackSeq: 0 });
      }
      return json(200, { ackSeq: 0 });
    });
    const ran: string[] = [];
    const offsets: number[] = [];
    const client = createSyncClient({
      hubUrl: 'http://hub.test/',
      attemptId: 'a1',
      token: 't',
      outboxDir: join(dir, 'outbox'),
      heartbeat: () => live,
      journal: { entriesAfter: () => [] },
      onCommand: async (c) => {
        ran.push(c.id);
      },
      onServerTime: (o) => offsets.push(o),
      clock,
      live: false,
      transport,
    });
    await client.start();
    await vi.waitFor(() => expect(bodies).toHaveLength(1));
    await vi.waitFor(() => expect(ran).toEqual(['c1', 'c2']));
    await clock.advance(1000);
    await vi.waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]?.ackCommands).toEqual(['c1', 'c2']);
    await clock.advance(1000);
    await vi.waitFor(() => expect(bodies).toHaveLength(3));
    expect(bodies[2]?.ackCommands).toBeUndefined();
    expect(ran).toEqual(['c1', 'c2']);
    expect(offsets.at(-1)).toBe(90_000);
    expect(client.status()).toMatchObject({ status: 'online', serverOffsetMs: 90_000 });
    await client.close();
  });

  it('a command whose handler fails is offered again and not acknowledged', async () => {
    const clock = new FakeClock();
    const bodies: HeartbeatBody[] = [];
    const transport = fakeTransport((_m, _p, options) => {
      bodies.push(options.body as HeartbeatBody);
      return json(200, { serverTime: new Date(clock.now()).toISOString(), commands: [command('c1', 'pause')], ackSeq: 0 });
    });
    let fail = true;
    const errors: unknown[] = [];
    const client = createSyncClient({
      hubUrl: 'http://hub.test/',
      attemptId: 'a1',
      token: 't',
      outboxDir: join(dir, 'outbox'),
      heartbeat: () => live,
      journal: { entriesAfter: () => [] },
      onCommand: async () => {
        if (fail) throw new Error('disk full');
      },
      onCommandError: (_c, e) => errors.push(e),
      clock,
      live: false,
      transport,
    });
    await client.start();
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    await clock.advance(1000);
    await vi.waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]?.ackCommands).toBeUndefined();
    fail = false;
    await clock.advance(1000);
    await clock.advance(1000);
    await vi.waitFor(() => expect(bodies.some((b) => b.ackCommands?.includes('c1'))).toBe(true));
    await client.close();
  });

  it('offline without a hub (quiet retries, capped), then catches up: journal in order and the result', async () => {
    const clock = new FakeClock();
    const journal = new TestJournal().fillExam({ 'http-status': 'b' });
    let up = false;
    let held = 0;
    const shipped: number[] = [];
    let uploaded = 0;
    const transport = fakeTransport((_m, path, options) => {
      if (!up) throw new HubRequestError('network', 'connect ECONNREFUSED');
      if (path.endsWith('/heartbeats')) return json(200, { serverTime: new Date(clock.now()).toISOString(), commands: [], ackSeq: held });
      if (path.endsWith('/events')) {
        const entries = (options.body as { entries: Array<{ seq: number }> }).entries;
        shipped.push(...entries.map((e) => e.seq));
        held = entries.at(-1)?.seq ?? held;
        return json(200, { ackSeq: held });
      }
      uploaded++;
      return json(201, { receipt: 'vr1.x.y', hubId: 'h1', attemptId: 'a1', resultSha256: options.headers?.['idempotency-key'], receivedAt: new Date(clock.now()).toISOString() });
    });
    const statuses: SyncStatus[] = [];
    const client = createSyncClient({
      hubUrl: 'http://hub.test/',
      attemptId: 'a1',
      token: 't',
      outboxDir: join(dir, 'outbox'),
      heartbeat: () => live,
      journal: { entriesAfter: (s) => journal.after(s) },
      onCommand: async () => {},
      onStatus: (s) => statuses.push(s),
      clock,
      live: false,
      transport,
    });
    await client.start();
    const { makeResult, makeDevice } = await import('../../hub/support/hubFixture.js');
    await client.enqueueResult(makeResult({ attemptId: 'a1', candidateId: 'c-1', device: makeDevice(), journal }));
    await clock.advance(60_000);
    expect(client.status().status).toBe('offline');
    // Heartbeat retries never wait more than interval + 5 s while offline.
    const heartbeatWaits = statuses.filter((s): s is Extract<SyncStatus, { status: 'offline' }> => s.status === 'offline').map((s) => s.retryInMs);
    expect(Math.max(...heartbeatWaits)).toBeLessThanOrEqual(6000);
    up = true;
    await clock.advance(6000);
    await vi.waitFor(() => expect(client.status().status).toBe('synced'));
    expect(shipped).toEqual(journal.entries.map((e) => e.seq));
    expect(uploaded).toBe(1);
    await client.close();
  });

  it('with a sealed result, a heartbeat naming a lower seq makes it resend the entries the hub lacks', async () => {
    const clock = new FakeClock();
    const journal = new TestJournal().fillExam({ 'http-status': 'b' });
    let held = 0;
    const shipped: number[] = [];
    const transport = fakeTransport((_m, path, options) => {
      if (path.endsWith('/heartbeats')) return json(200, { serverTime: new Date(clock.now()).toISOString(), commands: [], ackSeq: held });
      if (path.endsWith('/events')) {
        const entries = (options.body as { entries: Array<{ seq: number }> }).entries;
        shipped.push(...entries.map((e) => e.seq));
        held = Math.max(held, entries.at(-1)?.seq ?? held);
        return json(200, { ackSeq: held });
      }
      return json(201, { receipt: 'vr1.x.y', hubId: 'h1', attemptId: 'a1', resultSha256: options.headers?.['idempotency-key'], receivedAt: new Date(clock.now()).toISOString() });
    });
    const client = createSyncClient({ hubUrl: 'http://hub.test/', attemptId: 'a1', token: 't', outboxDir: join(dir, 'o'), heartbeat: () => live, journal: { entriesAfter: (s) => journal.after(s) }, onCommand: async () => {}, clock, live: false, transport });
    await client.start();
    await vi.waitFor(() => expect(shipped).toHaveLength(journal.entries.length));
    const { makeResult, makeDevice } = await import('../../hub/support/hubFixture.js');
    await client.enqueueResult(makeResult({ attemptId: 'a1', candidateId: 'c-1', device: makeDevice(), journal }));
    await vi.waitFor(() => expect(client.status().status).toBe('synced'));
    // The hub turns out to hold only the first three entries (it refused the rest as they came).
    held = 3;
    shipped.length = 0;
    await clock.advance(60_000);
    await vi.waitFor(() => expect(shipped).toEqual(journal.entries.slice(3).map((e) => e.seq)));
    expect(held).toBe(journal.entries.length);
    await client.close();
  });

  it('once the result has its receipt, a token the hub retired stops heartbeats quietly: synced, no failure', async () => {
    const clock = new FakeClock();
    const journal = new TestJournal().fillExam({ 'http-status': 'b' });
    let held = 0;
    let retired = false;
    let beats = 0;
    const transport = fakeTransport((_m, path, options) => {
      if (retired) {
        if (path.endsWith('/heartbeats')) beats++;
        return json(401, { code: 'unauthorized', message: 'missing, unknown or expired attempt token' });
      }
      if (path.endsWith('/heartbeats')) return json(200, { serverTime: new Date(clock.now()).toISOString(), commands: [], ackSeq: held });
      if (path.endsWith('/events')) {
        held = (options.body as { entries: Array<{ seq: number }> }).entries.at(-1)?.seq ?? held;
        return json(200, { ackSeq: held });
      }
      return json(201, { receipt: 'vr1.x.y', hubId: 'h1', attemptId: 'a1', resultSha256: options.headers?.['idempotency-key'], receivedAt: new Date(clock.now()).toISOString() });
    });
    const statuses: SyncStatus[] = [];
    const client = createSyncClient({ hubUrl: 'http://hub.test/', attemptId: 'a1', token: 't', outboxDir: join(dir, 'o'), heartbeat: () => live, journal: { entriesAfter: (s) => journal.after(s) }, onCommand: async () => {}, onStatus: (s) => statuses.push(s), clock, live: false, transport });
    await client.start();
    const { makeResult, makeDevice } = await import('../../hub/support/hubFixture.js');
    await client.enqueueResult(makeResult({ attemptId: 'a1', candidateId: 'c-1', device: makeDevice(), journal }));
    await vi.waitFor(() => expect(client.status().status).toBe('synced'));
    retired = true;
    await clock.advance(60_000);
    await vi.waitFor(() => expect(beats).toBe(1));
    await clock.advance(600_000);
    expect(beats).toBe(1);
    expect(client.status().status).toBe('synced');
    expect(statuses.some((s) => s.status === 'failed')).toBe(false);
    await client.close();
  });

  it('a refused token is a failure that needs a person, not an endless offline', async () => {
    const clock = new FakeClock();
    const transport = fakeTransport(() => json(401, { code: 'forbidden', message: 'missing or unknown attempt token' }));
    const client = createSyncClient({ hubUrl: 'http://hub.test/', attemptId: 'a1', token: 't', outboxDir: join(dir, 'o'), heartbeat: () => live, journal: { entriesAfter: () => [] }, onCommand: async () => {}, clock, live: false, transport });
    await client.start();
    await vi.waitFor(() => expect(client.status()).toMatchObject({ status: 'failed', reason: 'unauthorized' }));
    await client.close();
  });
});
