import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { candidateReportSchema } from '../../../../../shared/hub/candidateReport.js';
import { cohortReplySchema } from '../../../../../shared/hub/cohort.js';
import { call } from '../support/inject.js';
import { DEMO_ANSWERS, startTestHub, type TestHub } from '../support/hubFixture.js';
import { enrollOnly, proctorToken, submitCandidate } from './reportHub.js';

const P = '/api/v1/proctor';

describe('the candidate report', () => {
  let hub: TestHub;
  let proctor: string;
  beforeEach(async () => {
    hub = await startTestHub();
    proctor = await proctorToken(hub);
  });
  afterEach(async () => {
    await hub.dispose();
  });

  it('puts each answer beside its key, ranks the attempt in the cohort, and names who graded by hand', async () => {
    const ada = await submitCandidate(hub, 'c-ada', DEMO_ANSWERS, { violations: 2 });
    await submitCandidate(hub, 'c-bo', { ...DEMO_ANSWERS, 'http-status': 'a', 'idempotent-methods': ['post'] });
    await hub.gradingIdle();
    expect((await call(hub, 'POST', `${P}/attempts/${ada}/grades`, { token: proctor, body: { itemId: 'explain-index', criteria: ['write-cost'], comment: 'misses selectivity' } })).status).toBe(200);

    const res = await call(hub, 'GET', `${P}/attempts/${ada}/report.json`, { token: proctor });
    expect(res.status).toBe(200);
    const report = candidateReportSchema.parse(res.json);
    const cohort = cohortReplySchema.parse((await call(hub, 'GET', `${P}/exams/demo/cohort`, { token: proctor })).json);
    const row = cohort.rows.find((r) => r.attemptId === ada);
    expect(report.total).toMatchObject({ score: row?.score, max: row?.maxScore, percent: row?.percent, rank: 1, of: 2 });
    expect(report.sections.map((s) => s.title)).toEqual(['Basics', 'Hands on']);
    const items = Object.fromEntries(report.sections.flatMap((s) => s.items).map((i) => [i.itemId, i]));
    expect(items['http-status']).toMatchObject({ answer: '400 Bad Request', key: '400 Bad Request', status: 'correct' });
    expect(items['http-status']?.options?.find((o) => o.id === 'b')).toEqual({ id: 'b', text: '400 Bad Request', chosen: true, correct: true });
    expect(items['latency-budget']).toMatchObject({ answer: '140 ms', key: '140 ± 10 ms' });
    expect(items['cache-header']).toMatchObject({ answer: 'ETag', key: 'Accepted: ETag' });
    expect(items['explain-index']).toMatchObject({ score: 1, gradedBy: 'Hana', comment: 'misses selectivity' });
    expect(items['explain-index']?.key).toContain('Mentions the write and storage cost');
    expect(report.integrity.counts.warning).toBe(2);
    expect(report.integrity.violations).toHaveLength(2);
    expect(report.skills.map((s) => s.title)).toEqual(['API Development', 'Database Management', 'Coding and Implementation', 'Performance Optimization']);
    expect(report.skills[0]?.cohort).toHaveLength(2);

    const html = await call(hub, 'GET', `${P}/attempts/${ada}/report`, { token: proctor });
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.text).toContain('<h1>Candidate c-ada');
    expect(html.text).toContain('Graded by Hana');
  });

  it('escapes what candidates typed, and is 409 before grading, 404 for no attempt, 401 without a token', async () => {
    const evil = await submitCandidate(hub, 'c-x', { ...DEMO_ANSWERS, 'cache-header': '<script>alert(1)</script>' });
    expect((await call(hub, 'GET', `${P}/attempts/nope/report`, { token: proctor })).status).toBe(404);
    const waiting = await enrollOnly(hub, 'c-waiting');
    expect((await call(hub, 'GET', `${P}/attempts/${waiting}/report`, { token: proctor })).status).toBe(409);
    expect((await call(hub, 'GET', `${P}/attempts/${waiting}/report.json`, { token: proctor })).status).toBe(409);
    expect((await call(hub, 'GET', `${P}/attempts/${evil}/report`)).status).toBe(401);
    await hub.gradingIdle();
    const html = await call(hub, 'GET', `${P}/attempts/${evil}/report`, { token: proctor });
    expect(html.text).not.toContain('<script>');
    expect(html.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
