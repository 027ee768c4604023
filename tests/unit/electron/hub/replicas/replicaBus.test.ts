import { describe, expect, it } from 'vitest';
import type { HubCommand } from '../../../../../shared/hub/commands.js';
import { HUB_CHANNEL, startReplicaBus, type ReplicaHandlers } from '../../../../../electron/hub/replicas/replicaBus.js';
import type { LiveStatus, StoreNotifications } from '../../../../../electron/hub/store/hubStore.js';

/** One in-memory channel standing in for PostgreSQL's LISTEN/NOTIFY between processes. */
function fakeChannel(): StoreNotifications & { payloads: string[] } {
  const listeners = new Set<(payload: string) => void>();
  const payloads: string[] = [];
  return {
    payloads,
    async listen(channel, onMessage) {
      expect(channel).toBe(HUB_CHANNEL);
      listeners.add(onMessage);
      return async () => {
        listeners.delete(onMessage);
      };
    },
    async notify(channel, payload) {
      expect(channel).toBe(HUB_CHANNEL);
      // PostgreSQL refuses payloads of 8,000 bytes or more.
      expect(Buffer.byteLength(payload)).toBeLessThan(8000);
      payloads.push(payload);
      for (const l of listeners) l(payload);
    },
  };
}

function recorder(): ReplicaHandlers & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    commands: (id, pending) => seen.push(`commands ${id} ${pending.length}`),
    heartbeat: (id, live) => seen.push(`heartbeat ${id} ${live.answered}`),
    changed: (id) => seen.push(`changed ${id}`),
  };
}

const live = (answered: number): LiveStatus => ({ state: 'in-progress', answered, remainingMs: 1000, lastSavedAt: null, journalSeq: 0, at: new Date().toISOString() });
const command = { type: 'message', text: 'hi', id: 'c1', issuedBy: 'ana', issuedAt: new Date().toISOString() } as HubCommand;

describe('the replica bus', () => {
  it('delivers commands at once, heartbeats and changes batched, and never to the sender', async () => {
    const channel = fakeChannel();
    const a = recorder();
    const b = recorder();
    const busA = await startReplicaBus(channel, a, () => {});
    const busB = await startReplicaBus(channel, b, () => {});
    busA.commands('att1', [command]);
    await new Promise((r) => setImmediate(r));
    expect(b.seen).toEqual(['commands att1 1']);
    busA.heartbeat('att1', live(1), Date.now());
    busA.heartbeat('att1', live(2), Date.now());
    busA.changed('att2');
    expect(b.seen).toHaveLength(1);
    await busA.close();
    // The last heartbeat of an attempt wins within a batch.
    expect(b.seen).toEqual(['commands att1 1', 'heartbeat att1 2', 'changed att2']);
    expect(a.seen).toEqual([]);
    await busB.close();
  });

  it('splits a large batch of heartbeats into payloads PostgreSQL accepts; ignores foreign messages', async () => {
    const channel = fakeChannel();
    const b = recorder();
    const logs: string[] = [];
    const busA = await startReplicaBus(channel, recorder(), () => {});
    const busB = await startReplicaBus(channel, b, (line) => logs.push(line));
    for (let i = 0; i < 200; i++) busA.heartbeat(`attempt-${i}`, live(i), Date.now());
    await busA.close();
    expect(b.seen.filter((s) => s.startsWith('heartbeat'))).toHaveLength(200);
    expect(channel.payloads.length).toBeGreaterThan(1);
    await channel.notify(HUB_CHANNEL, '{"k":"unknown"}');
    await channel.notify(HUB_CHANNEL, 'not json');
    expect(logs).toHaveLength(2);
    await busB.close();
  });
});
