import { describe, expect, it, vi } from 'vitest';
import { EVENT_BATCH_MAX_ENTRIES } from '../../../../../shared/hub/limits.js';
import type { JournalEntry } from '../../../../../shared/journal.js';
import { createEventShipper } from '../../../../../electron/core/sync/eventShipper.js';
import { HubRequestError } from '../../../../../electron/core/sync/hubTransport.js';
import { TestJournal } from '../../hub/support/hubFixture.js';
import { FakeClock, fakeTransport, json } from './fakes.js';

function journalOf(n: number, pad = 0): TestJournal {
  const j = new TestJournal();
  for (let i = 0; i < n; i++) j.append('timer', { elapsedMs: i, pad: 'x'.repeat(pad) });
  return j;
}

/** A hub that stores what it is sent, checking seqs continue. */
function fakeHub(startAt = 0) {
  let held = startAt;
  const batches: number[][] = [];
  const transport = fakeTransport((_m, _p, options) => {
    const entries = (options.body as { entries: JournalEntry[] }).entries;
    const first = entries[0]?.seq ?? 0;
    if (first > held + 1) return json(409, { code: 'conflict', message: 'gap', details: { ackSeq: held } });
    batches.push(entries.map((e) => e.seq));
    held = Math.max(held, entries.at(-1)?.seq ?? held);
    return json(200, { ackSeq: held });
  });
  return { transport, batches, held: () => held };
}

describe('the journal shipper', () => {
  it('waits to learn the hub\'s seq, then ships only what the hub lacks, in bounded batches', async () => {
    const journal = journalOf(EVENT_BATCH_MAX_ENTRIES + 20);
    const hub = fakeHub(10);
    const shipper = createEventShipper({ transport: hub.transport, attemptId: 'a1', token: () => 't', journal: { entriesAfter: (s) => journal.after(s) }, clock: new FakeClock() });
    expect(await shipper.flush()).toBe(false);
    expect(hub.transport.calls).toHaveLength(0);
    shipper.hubAck(10);
    expect(await shipper.flush()).toBe(true);
    expect(hub.batches[0]?.[0]).toBe(11);
    expect(hub.batches.every((b) => b.length <= EVENT_BATCH_MAX_ENTRIES)).toBe(true);
    expect(hub.batches.flat()).toEqual(Array.from({ length: EVENT_BATCH_MAX_ENTRIES + 10 }, (_, i) => i + 11));
    expect(shipper.ackSeq()).toBe(EVENT_BATCH_MAX_ENTRIES + 20);
  });

  it('keeps batches under the byte limit', async () => {
    const journal = journalOf(40, 50_000);
    const hub = fakeHub();
    const shipper = createEventShipper({ transport: hub.transport, attemptId: 'a1', token: () => 't', journal: { entriesAfter: (s) => journal.after(s) }, clock: new FakeClock() });
    shipper.hubAck(0);
    await shipper.flush();
    expect(hub.batches.length).toBeGreaterThan(3);
    for (const c of hub.transport.calls) expect(JSON.stringify(c.options.body).length).toBeLessThan(600 * 1024);
  });

  it('an idle shipper resends from a lower hub seq only when told to rewind (a sealed result waits for the whole journal)', async () => {
    const journal = journalOf(8);
    const hub = fakeHub(0);
    const shipper = createEventShipper({ transport: hub.transport, attemptId: 'a1', token: () => 't', journal: { entriesAfter: (s) => journal.after(s) }, clock: new FakeClock() });
    shipper.hubAck(0);
    expect(await shipper.flush()).toBe(true);
    const sent = hub.batches.flat().length;
    shipper.hubAck(3);
    expect(await shipper.flush()).toBe(true);
    expect(hub.batches.flat().length).toBe(sent);
    shipper.hubAck(3, { rewind: true });
    expect(shipper.ackSeq()).toBe(3);
    expect(await shipper.flush()).toBe(true);
    expect(hub.batches.flat().slice(sent)).toEqual([4, 5, 6, 7, 8]);
    expect(shipper.ackSeq()).toBe(8);
  });

  it('rewinds when the hub holds less than it was told (409 with ackSeq)', async () => {
    const journal = journalOf(8);
    const hub = fakeHub(2);
    const shipper = createEventShipper({ transport: hub.transport, attemptId: 'a1', token: () => 't', journal: { entriesAfter: (s) => journal.after(s) }, clock: new FakeClock() });
    shipper.hubAck(5);
    expect(await shipper.flush()).toBe(true);
    expect(hub.batches).toEqual([[3, 4, 5, 6, 7, 8]]);
  });

  it('backs off on network failures and catches up once the hub is back', async () => {
    const journal = journalOf(5);
    const clock = new FakeClock();
    let up = false;
    const hub = fakeHub();
    const transport = fakeTransport((m, p, o) => {
      if (!up) throw new HubRequestError('network', 'refused');
      return hub.transport.request(m as 'POST', p, o);
    });
    const shipper = createEventShipper({ transport, attemptId: 'a1', token: () => 't', journal: { entriesAfter: (s) => journal.after(s) }, clock });
    shipper.hubAck(0);
    expect(await shipper.flush()).toBe(false);
    expect(shipper.state().kind).toBe('waiting');
    await clock.advance(2000);
    expect(transport.calls.length).toBeGreaterThan(1);
    up = true;
    await clock.advance(60_000);
    await vi.waitFor(() => expect(hub.held()).toBe(5));
    expect(shipper.state()).toEqual({ kind: 'idle', ackSeq: 5 });
  });

  it('stops on a real conflict and says so', async () => {
    const journal = journalOf(3);
    const transport = fakeTransport(() => json(409, { code: 'conflict', message: 'entry 1 differs', details: { ackSeq: 3 } }));
    const shipper = createEventShipper({ transport, attemptId: 'a1', token: () => 't', journal: { entriesAfter: (s) => journal.after(s) }, clock: new FakeClock() });
    shipper.hubAck(0);
    expect(await shipper.flush()).toBe(false);
    expect(shipper.state()).toMatchObject({ kind: 'failed', status: 409 });
  });
});
