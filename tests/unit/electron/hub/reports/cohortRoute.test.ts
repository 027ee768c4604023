import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cohortReplySchema, examInfoSchema } from '../../../../../shared/hub/cohort.js';
import { call } from '../support/inject.js';
import { DEMO_ANSWERS, DEMO_EXAM, startTestHub, type TestHub } from '../support/hubFixture.js';
import { proctorToken, submitCandidate } from './reportHub.js';

const P = '/api/v1/proctor';

describe('the cohort routes', () => {
  let hub: TestHub;
  let proctor: string;
  beforeEach(async () => {
    hub = await startTestHub();
    proctor = await proctorToken(hub);
  });
  afterEach(async () => {
    await hub.dispose();
  });

  it('rank one sitting on its own (?sitting=), or every sitting of the exam together', async () => {
    const roomB = await hub.store.addSitting({ name: 'Room B', examId: 'demo', examVersion: hub.sitting.examVersion, packageDir: DEMO_EXAM, accessCode: 'ROOMB', opensAt: null, closesAt: null }, new Date().toISOString());
    await submitCandidate(hub, 'c-room-a', DEMO_ANSWERS);
    await submitCandidate(hub, 'c-room-b', { 'http-status': 'a' }, { accessCode: 'ROOMB' });
    await hub.gradingIdle();
    const cohort = async (query: string) => cohortReplySchema.parse((await call(hub, 'GET', `${P}/exams/demo/cohort${query}`, { token: proctor })).json);
    expect((await cohort('')).rows.map((r) => r.candidate.id)).toEqual(['c-room-a', 'c-room-b']);
    const b = await cohort(`?sitting=${roomB.sittingId}`);
    expect(b.rows.map((r) => [r.candidate.id, r.rank, r.percentile])).toEqual([['c-room-b', 1, expect.any(Number)]]);
    expect(b.enrolled).toBe(1);
    expect((await cohort(`?sitting=${hub.sitting.sittingId}`)).rows.map((r) => r.candidate.id)).toEqual(['c-room-a']);
    const csv = await call(hub, 'GET', `${P}/exams/demo/cohort.csv?sitting=${roomB.sittingId}`, { token: proctor });
    expect(csv.text).toContain('c-room-b');
    expect(csv.text).not.toContain('c-room-a');
    expect((await call(hub, 'GET', `${P}/exams/demo/cohort?sitting=sNoSuchSitting`, { token: proctor })).status).toBe(404);
    expect((await call(hub, 'GET', `${P}/exams/demo/cohort?sitting=not%20an%20id`, { token: proctor })).status).toBe(400);
  });

  it('rank the graded attempts and export them as JSON and CSV', async () => {
    expect(examInfoSchema.parse((await call(hub, 'GET', `${P}/exam`, { token: proctor })).json)).toMatchObject({ id: 'demo', title: 'Vigil Practice Exam' });
    await submitCandidate(hub, 'c-1', DEMO_ANSWERS, { violations: 3 });
    await submitCandidate(hub, '=cmd', { 'http-status': 'a' });
    await hub.gradingIdle();

    const cohort = cohortReplySchema.parse((await call(hub, 'GET', `${P}/exams/demo/cohort`, { token: proctor })).json);
    expect(cohort.rows.map((r) => [r.candidate.id, r.rank])).toEqual([
      ['c-1', 1],
      ['=cmd', 2],
    ]);
    const [best] = cohort.rows;
    expect(best?.violations.warning).toBe(3);
    expect(best?.timeUsedMs).toBe(30 * 60_000);
    expect(best?.percent).toBeCloseTo((100 * (best?.score ?? 0)) / (best?.maxScore ?? 1), 3);

    const csv = await call(hub, 'GET', `${P}/exams/demo/cohort.csv`, { token: proctor });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="cohort-demo.csv"');
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^2,'=cmd,Candidate =cmd,/);
  });

  it('is 404 for another exam, 401 without a token', async () => {
    expect((await call(hub, 'GET', `${P}/exams/nope/cohort`, { token: proctor })).status).toBe(404);
    expect((await call(hub, 'GET', `${P}/exams/demo/cohort.csv`)).status).toBe(401);
  });
});
