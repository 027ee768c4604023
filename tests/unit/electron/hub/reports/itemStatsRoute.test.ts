import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemStatsReplySchema } from '../../../../../shared/hub/itemStats.js';
import { call } from '../support/inject.js';
import { DEMO_ANSWERS, startTestHub, type TestHub } from '../support/hubFixture.js';
import { proctorToken, submitCandidate } from './reportHub.js';

const URL = '/api/v1/proctor/exams/demo/item-stats';

describe('GET /api/v1/proctor/exams/:examId/item-stats', () => {
  let hub: TestHub;
  let proctor: string;
  beforeEach(async () => {
    hub = await startTestHub();
    proctor = await proctorToken(hub);
  });
  afterEach(async () => {
    await hub.dispose();
  });

  it('recomputes the figures as results arrive', async () => {
    const empty = itemStatsReplySchema.parse((await call(hub, 'GET', URL, { token: proctor })).json);
    expect(empty.results).toBe(0);

    // http-status: b is right. Two of three pick it; the third picks a.
    await submitCandidate(hub, 'c-1', DEMO_ANSWERS);
    await submitCandidate(hub, 'c-2', { ...DEMO_ANSWERS, 'http-status': 'a', 'latency-budget': 10 });
    await submitCandidate(hub, 'c-3', { 'http-status': 'b', 'cache-header': 'ETag' });
    await hub.gradingIdle();

    const stats = itemStatsReplySchema.parse((await call(hub, 'GET', URL, { token: proctor })).json);
    expect(stats.results).toBe(3);
    expect(stats.reliable).toBe(false);
    const http = stats.items.find((i) => i.itemId === 'http-status');
    expect(http).toMatchObject({ n: 3, facility: 0.6667, unanswered: 0, sectionTitle: 'Basics' });
    expect(http?.options?.map((o) => [o.optionId, o.count, o.correct])).toEqual([
      ['a', 1, false],
      ['b', 2, true],
      ['c', 0, false],
      ['d', 0, false],
    ]);
    // The two written essays wait for a person: only c-3's unanswered one (a final 0) counts yet,
    // and the essay stays out of alpha.
    expect(stats.items.find((i) => i.itemId === 'explain-index')).toMatchObject({ n: 1, facility: 0 });
    expect(stats.alphaItems).toBe(6);
  });

  it('is 404 for another exam and 401 without a proctor token', async () => {
    expect((await call(hub, 'GET', '/api/v1/proctor/exams/other/item-stats', { token: proctor })).status).toBe(404);
    expect((await call(hub, 'GET', URL)).status).toBe(401);
  });
});
