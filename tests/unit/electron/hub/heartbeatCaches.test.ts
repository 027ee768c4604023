import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrollReplySchema } from '../../../../shared/hub/enrollment.js';
import { heartbeatReplySchema } from '../../../../shared/hub/heartbeat.js';
import { openHubStore } from '../../../../electron/hub/store/openHubStore.js';
import type { HubStore } from '../../../../electron/hub/store/hubStore.js';
import { call } from './support/inject.js';
import { enrollBody, makeDevice, PASSWORD, startTestHub, type TestHub } from './support/hubFixture.js';
import { systemSyncClock } from '../../../../electron/core/sync/syncClock.js';

const P = '/api/v1';
const heartbeat = { state: 'in-progress', answered: 1, remainingMs: 600_000, lastSavedAt: '2026-05-01T09:10:00.000Z', journalSeq: 0 };

/**
 * The heartbeat path's caches (hub-ingest's start-up storm): a candidate just enrolled here costs
 * no token or view lookup on its first heartbeat, and what was cached still yields to a command.
 * The store is the real SQLite one; the wrapper only counts the lookups it is asked for.
 */
describe('heartbeat caches', () => {
  let dir: string;
  let hub: TestHub;
  const lookups = { attemptOfToken: 0, heartbeatView: 0 };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-hb-cache-'));
    const real = await openHubStore({ dataDir: dir, lock: false });
    const counting = new Proxy(real, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if ((key === 'attemptOfToken' || key === 'heartbeatView') && typeof value === 'function') {
          return (...args: unknown[]) => {
            lookups[key]++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return value;
      },
    }) as HubStore;
    lookups.attemptOfToken = 0;
    lookups.heartbeatView = 0;
    hub = await startTestHub({ store: counting, dataDir: dir });
  });
  afterEach(async () => {
    await hub.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('a heartbeat right after enrolling needs neither a token nor a view lookup', async () => {
    const enrolled = enrollReplySchema.parse((await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-hb-1') })).json);
    const before = { ...lookups };
    const res = await call(hub, 'POST', `${P}/attempts/${enrolled.attemptId}/heartbeats`, { token: enrolled.token, body: heartbeat });
    expect(res.status).toBe(200);
    expect(heartbeatReplySchema.parse(res.json).commands).toEqual([]);
    expect(lookups).toEqual(before);
  });

  it('with token and view cached, a heartbeat is answered without a promise; a refusal still takes the checked path', async () => {
    const enrolled = enrollReplySchema.parse((await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-hb-sync') })).json);
    const other = enrollReplySchema.parse((await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-hb-sync-2') })).json);
    const body = { ...heartbeat, state: 'in-progress' as const };
    const answered = hub.service.heartbeatFor(enrolled.token, enrolled.attemptId, body);
    expect(answered).not.toBeInstanceOf(Promise);
    expect(heartbeatReplySchema.parse(answered).ackSeq).toBe(0);
    expect(hub.service.live.get(enrolled.attemptId)?.live?.answered).toBe(heartbeat.answered);
    // Another attempt's token, though both are cached: the checked path, and its 403.
    const refused = hub.service.heartbeatFor(other.token, enrolled.attemptId, body);
    expect(refused).toBeInstanceOf(Promise);
    await expect(refused).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a command issued after the cached heartbeat reaches the next one; a relayed heartbeat keeps the caches', async () => {
    const enrolled = enrollReplySchema.parse((await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-hb-2') })).json);
    const url = `${P}/attempts/${enrolled.attemptId}/heartbeats`;
    // Commands need a live attempt (in progress, as a heartbeat says).
    expect((await call(hub, 'POST', url, { token: enrolled.token, body: heartbeat })).status).toBe(200);
    const login = await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD, name: 'Ada' } });
    const sent = await call(hub, 'POST', `${P}/proctor/attempts/${enrolled.attemptId}/commands`, { token: login.json.token as string, body: { type: 'add-time', minutes: 5 } });
    expect(sent.status).toBe(202);
    const first = heartbeatReplySchema.parse((await call(hub, 'POST', url, { token: enrolled.token, body: heartbeat })).json);
    expect(first.commands.map((c) => c.type)).toEqual(['add-time']);
    // Another replica heard this candidate: only live status moved, so nothing is read again.
    const before = { ...lookups };
    hub.service.remoteHeard(enrolled.attemptId);
    const again = await call(hub, 'POST', url, { token: enrolled.token, body: heartbeat });
    expect(again.status).toBe(200);
    expect(lookups).toEqual(before);
    // A stored change announced by another replica does drop them.
    hub.service.remoteChanged(enrolled.attemptId);
    expect((await call(hub, 'POST', url, { token: enrolled.token, body: heartbeat })).status).toBe(200);
    expect(lookups.attemptOfToken).toBe(before.attemptOfToken + 1);
    expect(lookups.heartbeatView).toBe(before.heartbeatView + 1);
  });
});

describe('heartbeat times', () => {
  it('each reply and live status carry the time it was heard, also when heartbeats share a millisecond', async () => {
    let now = Date.parse('2026-05-01T09:00:00.000Z');
    const clock = { ...systemSyncClock, now: () => now };
    const hub = await startTestHub({ clock });
    try {
      const enrolled = enrollReplySchema.parse((await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-hb-time') })).json);
      const beat = async () => heartbeatReplySchema.parse((await call(hub, 'POST', `${P}/attempts/${enrolled.attemptId}/heartbeats`, { token: enrolled.token, body: heartbeat })).json).serverTime;
      expect([await beat(), await beat()]).toEqual(['2026-05-01T09:00:00.000Z', '2026-05-01T09:00:00.000Z']);
      now += 1;
      expect(await beat()).toBe('2026-05-01T09:00:00.001Z');
      now += 60_000;
      expect(await beat()).toBe('2026-05-01T09:01:00.001Z');
      expect(hub.service.live.get(enrolled.attemptId)?.live?.at).toBe('2026-05-01T09:01:00.001Z');
    } finally {
      await hub.dispose();
    }
  });
});
