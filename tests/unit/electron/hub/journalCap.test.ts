import { afterEach, describe, expect, it } from 'vitest';
import { createHubClient } from '../../../../renderer/src/dashboard/api/hubClient.js';
import { DETAIL_TIMELINE_MAX_PAGE } from '../../../../shared/hub/limits.js';
import { call } from './support/inject.js';
import { enrollBody, makeDevice, PASSWORD, startTestHub, TestJournal, type TestHub } from './support/hubFixture.js';

const P = '/api/v1';

describe('per-attempt journal cap and the paged detail', () => {
  let hub: TestHub | undefined;
  afterEach(async () => {
    await hub?.dispose();
    hub = undefined;
  });

  async function enrolled(cap?: { entries: number; bytes: number }) {
    const h = await startTestHub(cap ? { journalCap: cap } : {});
    hub = h;
    const { attemptId, token } = (await call(h, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-cap') })).json as { attemptId: string; token: string };
    const proctor = (await call(h, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json.token as string;
    const ship = (entries: unknown[]) => call(h, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries } });
    const summary = async () => (await call(h, 'GET', `${P}/proctor/attempts`, { token: proctor })).json[0];
    const detail = async (query = '') => call(h, 'GET', `${P}/proctor/attempts/${attemptId}${query}`, { token: proctor });
    return { h, attemptId, proctor, ship, summary, detail };
  }

  it('refuses entries beyond the entry cap with 413 and one journal-cap violation; what was held stays', async () => {
    const { ship, summary, detail } = await enrolled({ entries: 10, bytes: 10_000_000 });
    const journal = new TestJournal();
    for (let i = 0; i < 14; i++) journal.append('terminal', { itemId: 'sum-function', data: `line ${i}\n` });
    expect((await ship(journal.entries.slice(0, 8))).status).toBe(200);
    const over = await ship(journal.entries.slice(8));
    expect(over.status).toBe(413);
    expect(over.json).toMatchObject({ details: { reason: 'journal-cap', ackSeq: 8 } });
    expect((await ship(journal.entries.slice(8))).status).toBe(413);
    const s = await summary();
    expect(s.journalSeq).toBe(8);
    expect(s.violations.critical).toBe(1);
    const caps = (await detail()).json.violations.filter((v: { kind: string }) => v.kind === 'journal-cap');
    expect(caps).toHaveLength(1);
    expect(caps[0]).toMatchObject({ seq: 0, severity: 'critical' });
  });

  it('refuses entries beyond the byte cap with 413', async () => {
    const { ship, summary } = await enrolled({ entries: 1000, bytes: 3000 });
    const journal = new TestJournal();
    for (let i = 0; i < 3; i++) journal.append('terminal', { itemId: 'sum-function', data: 'x'.repeat(1000) });
    expect((await ship(journal.entries.slice(0, 2))).status).toBe(200);
    expect((await ship(journal.entries.slice(2))).status).toBe(413);
    journal.append('terminal', { itemId: 'sum-function', data: 'x'.repeat(1000) });
    expect((await ship(journal.entries.slice(2))).status).toBe(413);
    expect((await summary()).journalSeq).toBe(2);
  });

  it('pages the timeline by afterSeq and limit; the dashboard client fetches every page', async () => {
    const { h, proctor, attemptId, ship, detail } = await enrolled();
    const journal = new TestJournal();
    const count = DETAIL_TIMELINE_MAX_PAGE + 30;
    journal.append('violation', { kind: 'focus-loss', severity: 'warning', detail: 'first' });
    for (let i = 1; i < count - 1; i++) journal.append('terminal', { itemId: 'sum-function', data: `${i}\n` });
    journal.append('violation', { kind: 'focus-loss', severity: 'warning', detail: 'last' });
    for (let i = 0; i < count; i += 500) expect((await ship(journal.entries.slice(i, i + 500))).status).toBe(200);

    const first = (await detail('?limit=7')).json;
    expect(first.timeline.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(first.timelineNext).toBe(7);
    // Violations come from the whole journal, whatever the page.
    expect(first.violations.map((v: { detail: string }) => v.detail)).toEqual(['first', 'last']);
    const tail = (await detail(`?afterSeq=${count - 3}&limit=7`)).json;
    expect(tail.timeline.map((e: { seq: number }) => e.seq)).toEqual([count - 2, count - 1, count]);
    expect(tail.timelineNext).toBeNull();
    const plain = (await detail()).json;
    expect(plain.timeline.length).toBeLessThan(count);
    expect(plain.timelineNext).toBe(plain.timeline.at(-1).seq);
    expect((await detail(`?limit=${DETAIL_TIMELINE_MAX_PAGE + 1}`)).status).toBe(400);
    expect((await detail('?afterSeq=-1')).status).toBe(400);

    const client = createHubClient({
      origin: '',
      token: () => proctor,
      fetch: async (url, init) => {
        const res = await h.app.inject({ method: 'GET', url, headers: (init?.headers ?? {}) as Record<string, string> });
        return new Response(res.body, { status: res.statusCode, headers: { 'content-type': 'application/json' } });
      },
    });
    const whole = await client.detail(attemptId);
    expect(whole.timeline.map((e) => e.seq)).toEqual(journal.entries.map((e) => e.seq));
    expect(whole.timelineNext).toBeNull();
  });
});
