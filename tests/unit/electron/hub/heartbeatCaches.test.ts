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
const heartbeat = { state: 'in-progress' as const, answered: 1, remainingMs: 600_000, lastSavedAt: '2026-05-01T09:10:00.000Z', journalSeq: 0 };

/**
 * The heartbeat path's caches (hub-ingest's start-up storm): a candidate just enrolled here costs
 * no token or view lookup on its first heartbeat, and what was cached still yields to a command.
 * The store is the real SQLite one; the wrapper only counts the lookups it is asked for.
 */
describe('heartbeat caches', () => {
  let dir: string;
  let hub: TestHub;
  /** Store calls of the batched lookups, and the keys each call asked for. */
  const lookups = { tokenOwners: 0, heartbeatViews: 0 };
  const keys: Record<keyof typeof lookups, number[]> = { tokenOwners: [], heartbeatViews: [] };
  /** Runs while a lookup's query is in flight (a change landing between its read and its reply). */
  let duringLookup: ((key: keyof typeof lookups) => void) | undefined;
  /** When each lookup was asked for and answered, in order. */
  const order: string[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-hb-cache-'));
    const real = await openHubStore({ dataDir: dir, lock: false });
    const counting = new Proxy(real, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if ((key === 'tokenOwners' || key === 'heartbeatViews') && typeof value === 'function') {
          return (...args: unknown[]) => {
            lookups[key]++;
            keys[key].push((args[0] as string[]).length);
            duringLookup?.(key);
            order.push(`ask ${key}`);
            // As over a network: the answer takes a while, so what is asked meanwhile shows.
            const answer = new Promise((r) => setTimeout(r, 20)).then(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
            return answer.finally(() => order.push(`got ${key}`));
          };
        }
        return value;
      },
    }) as HubStore;
    lookups.tokenOwners = 0;
    lookups.heartbeatViews = 0;
    keys.tokenOwners = [];
    keys.heartbeatViews = [];
    duringLookup = undefined;
    order.length = 0;
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
    expect(lookups.tokenOwners).toBe(before.tokenOwners + 1);
    expect(lookups.heartbeatViews).toBe(before.heartbeatViews + 1);
  });

  it('a cold replica: 40 first heartbeats arriving together cost one token query and one view query, and an unknown token among them is refused alone', async () => {
    const room = [];
    for (let i = 0; i < 40; i++) room.push(enrollReplySchema.parse((await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), `c-hb-cold-${i}`) })).json));
    // As on a replica that did not enroll them: nothing cached (another replica's change drops both).
    for (const e of room) hub.service.remoteChanged(e.attemptId);
    const before = { ...lookups };
    order.length = 0;
    const replies = await Promise.allSettled([...room.map((e) => hub.service.heartbeatFor(e.token, e.attemptId, heartbeat)), hub.service.heartbeatFor('not-a-token', room[0]?.attemptId ?? '', heartbeat)]);
    expect(replies.slice(0, 40).map((r) => r.status)).toEqual(Array.from({ length: 40 }, () => 'fulfilled'));
    expect(replies[40]).toMatchObject({ status: 'rejected', reason: { code: 'unauthenticated' } });
    expect(lookups).toEqual({ tokenOwners: before.tokenOwners + 1, heartbeatViews: before.heartbeatViews + 1 });
    // The refused one asked for a view too (of room[0]'s attempt: the store reads it once).
    expect([keys.tokenOwners.at(-1), keys.heartbeatViews.at(-1)]).toEqual([41, 41]);
    // One round trip, not two: both queries were out before either came back.
    expect(order.slice(0, 2).sort()).toEqual(['ask heartbeatViews', 'ask tokenOwners']);
    // And now cached: the next round reads nothing.
    await Promise.all(room.map((e) => hub.service.heartbeatFor(e.token, e.attemptId, heartbeat)));
    expect(lookups).toEqual({ tokenOwners: before.tokenOwners + 1, heartbeatViews: before.heartbeatViews + 1 });
  });

  it.each(['tokenOwners', 'heartbeatViews'] as const)('a %s lookup that raced a drop of its attempt (another replica revoked or changed it) is used once, not kept', async (raced) => {
    const enrolled = enrollReplySchema.parse((await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), `c-hb-race-${raced}`) })).json);
    hub.service.remoteChanged(enrolled.attemptId);
    const before = { ...lookups };
    // A token's drop comes with another replica's change; a view's with any change of the attempt.
    duringLookup = (key) => {
      if (key === 'tokenOwners' && raced === key) hub.service.remoteChanged(enrolled.attemptId);
      if (key === 'heartbeatViews' && raced === key) hub.service.changed(enrolled.attemptId);
    };
    await hub.service.heartbeatFor(enrolled.token, enrolled.attemptId, heartbeat);
    duringLookup = undefined;
    expect(lookups).toEqual({ tokenOwners: before.tokenOwners + 1, heartbeatViews: before.heartbeatViews + 1 });
    // What raced the drop was not kept; the two lookups run together, so a drop of the attempt
    // during either keeps neither (a change's clock is the attempt's, whichever cache it drops).
    await hub.service.heartbeatFor(enrolled.token, enrolled.attemptId, heartbeat);
    expect(lookups).toEqual({ heartbeatViews: before.heartbeatViews + 2, tokenOwners: before.tokenOwners + 2 });
    // The lookup after the drop was kept: cached from here on.
    expect(hub.service.heartbeatFor(enrolled.token, enrolled.attemptId, heartbeat)).not.toBeInstanceOf(Promise);
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
