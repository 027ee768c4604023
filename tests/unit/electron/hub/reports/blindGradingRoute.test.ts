import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blindCode } from '../../../../../electron/hub/reports/blindCodes.js';
import { blindQueueReplySchema } from '../../../../../shared/hub/blindGrading.js';
import { attemptDetailSchema } from '../../../../../shared/hub/proctor.js';
import { call } from '../support/inject.js';
import { DEMO_ANSWERS, PASSWORD, startTestHub, type TestHub } from '../support/hubFixture.js';
import { proctorToken, submitCandidate } from './reportHub.js';

const P = '/api/v1/proctor/exams/demo/blind-grading';

describe('blind essay grading', () => {
  let hub: TestHub;
  let proctor: string;
  beforeEach(async () => {
    hub = await startTestHub();
    proctor = await proctorToken(hub);
  });
  afterEach(async () => {
    await hub.dispose();
  });

  it('shows every answer under a code, never a name, an id or an attempt id, and grades by code with the grader named', async () => {
    const ids = ['c-ada-lovelace', 'c-brian-kernighan', 'c-grace-hopper'];
    const attempts = [];
    for (const [i, id] of ids.entries()) attempts.push(await submitCandidate(hub, id, { ...DEMO_ANSWERS, 'explain-index': `Answer number ${i}: indexes cost writes; small tables scan fast.` }));
    await submitCandidate(hub, 'c-no-essay', { 'http-status': 'b' });
    await hub.gradingIdle();

    const res = await call(hub, 'GET', P, { token: proctor });
    expect(res.status).toBe(200);
    const queue = blindQueueReplySchema.parse(res.json);
    const [essay] = queue.items;
    expect(essay).toMatchObject({ itemId: 'explain-index', graded: 0 });
    // Only the written answers, in code order.
    expect(essay?.answers).toHaveLength(3);
    const codes = essay?.answers.map((a) => a.code) ?? [];
    expect(codes).toEqual([...codes].sort());
    for (const secret of [...ids, 'c-no-essay', ...ids.map((id) => `Candidate ${id}`), ...attempts]) expect(res.text).not.toContain(secret);

    // Grade the first in the queue by its code: stored with the grader's name.
    const login = await call(hub, 'POST', '/api/v1/proctor/login', { body: { password: PASSWORD, name: 'Second grader' } });
    const code = codes[0] as string;
    const graded = await call(hub, 'POST', `${P}/${code}`, { token: login.json.token as string, body: { itemId: 'explain-index', criteria: ['write-cost', 'selectivity'] } });
    expect(graded.status).toBe(200);
    expect(graded.json.grade).toMatchObject({ score: 2, status: 'correct' });
    const after = blindQueueReplySchema.parse((await call(hub, 'GET', P, { token: proctor })).json);
    expect(after.items[0]?.graded).toBe(1);
    const seen = after.items[0]?.answers.find((a) => a.code === code);
    // Hana has not graded it: she sees that someone did, not their marks (per criterion or in all) or score.
    expect(seen?.manual).toBeNull();
    expect(seen?.graders).toEqual([{ by: 'Second grader', at: expect.any(String) as unknown as string, score: null, marks: null, reconciles: false }]);

    // The code belonged to exactly one attempt; its detail (the audit trail) names the grader.
    const details = await Promise.all(attempts.map(async (a) => attemptDetailSchema.parse((await call(hub, 'GET', `/api/v1/proctor/attempts/${a}`, { token: proctor })).json)));
    expect(details.filter((d) => d.essays[0]?.manual?.by === 'Second grader')).toHaveLength(1);
  });

  it('refuses an unknown code (404), a bad body (400), another exam (404)', async () => {
    expect((await call(hub, 'POST', `${P}/AAAA-BBBB`, { token: proctor, body: { itemId: 'explain-index', criteria: [] } })).status).toBe(404);
    expect((await call(hub, 'POST', `${P}/AAAA-BBBB`, { token: proctor, body: { criteria: [] } })).status).toBe(400);
    expect((await call(hub, 'GET', '/api/v1/proctor/exams/other/blind-grading', { token: proctor })).status).toBe(404);
  });

  it('gives stable codes that differ per item and per attempt', () => {
    const key = Buffer.alloc(32, 7);
    expect(blindCode(key, 'a1', 'essay')).toBe(blindCode(key, 'a1', 'essay'));
    expect(blindCode(key, 'a1', 'essay')).not.toBe(blindCode(key, 'a1', 'other'));
    expect(blindCode(key, 'a1', 'essay')).not.toBe(blindCode(key, 'a2', 'essay'));
    expect(blindCode(key, 'a1', 'essay')).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  });

  it('a second grader grades independently; more than a level apart asks for reconciliation, which a third grade settles', async () => {
    await submitCandidate(hub, 'c-1', DEMO_ANSWERS);
    await hub.gradingIdle();
    const token = async (name: string) => (await call(hub, 'POST', '/api/v1/proctor/login', { body: { password: PASSWORD, name } })).json.token as string;
    const [ana, ben, cy] = [await token('Ana'), await token('Ben'), await token('Cy')];
    const queue = async (t: string) => blindQueueReplySchema.parse((await call(hub, 'GET', P, { token: t })).json).items[0];
    const code = (await queue(ana))?.answers[0]?.code as string;
    const grade = (t: string, criteria: string[], reconciles?: boolean) => call(hub, 'POST', `${P}/${code}`, { token: t, body: { itemId: 'explain-index', criteria, ...(reconciles ? { reconciles } : {}) } });

    expect((await grade(ana, ['write-cost', 'selectivity'])).status).toBe(200);
    // Ben's form starts empty: Ana's marks are not his, not even per criterion.
    expect((await queue(ben))?.answers[0]?.manual).toBeNull();
    expect((await queue(ben))?.answers[0]?.graders[0]?.score).toBeNull();
    expect((await queue(ben))?.answers[0]?.graders[0]?.marks).toBeNull();
    expect((await grade(ben, [])).status).toBe(200);
    const disputed = await queue(cy);
    expect(disputed).toMatchObject({ graded: 1, doubleGraded: 1, needsReconciliation: 1 });
    expect(disputed?.answers[0]?.graders.map((x) => [x.by, x.score])).toEqual([
      ['Ana', 2],
      ['Ben', 0],
    ]);
    // The reconciling grader sees both graders' marks per criterion, side by side.
    expect(disputed?.answers[0]?.graders.map((x) => [x.by, x.marks])).toEqual([
      ['Ana', { 'write-cost': 1, selectivity: 1 }],
      ['Ben', { 'write-cost': 0, selectivity: 0 }],
    ]);
    // The latest grade counts (Ben's 0) until Cy settles it.
    expect((await grade(cy, ['write-cost'], true)).json.grade.score).toBe(1);
    const settled = await queue(cy);
    expect(settled?.needsReconciliation).toBe(0);
    expect(settled?.answers[0]?.graders.find((x) => x.by === 'Cy')?.reconciles).toBe(true);
  });
});
