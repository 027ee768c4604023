import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Exam } from '../../../../../shared/exam/examSchema.js';
import type { Result } from '../../../../../shared/result.js';
import { answersMismatch, replayAnswers } from '../../../../../electron/hub/grading/journalAnswers.js';
import { call } from '../support/inject.js';
import { DEMO_ANSWERS, enrollBody, makeDevice, makeResult, PASSWORD, startTestHub, TestJournal, type Device, type TestHub } from '../support/hubFixture.js';

const P = '/api/v1';

describe('answers replayed from a journal', () => {
  const exam = {
    sections: [{ items: [{ id: 'q1', type: 'short-text' }, { id: 'q2', type: 'numeric' }, { id: 'code', type: 'coding' }] }],
  } as unknown as Exam;
  const resultWith = (answers: Record<string, unknown>) => ({ answers }) as unknown as Result;

  it('folds the last answer per item, a null clearing it', () => {
    const j = new TestJournal();
    j.append('answer', { itemId: 'q1', value: 'a' });
    j.append('answer', { itemId: 'q2', value: 3 });
    j.append('answer', { itemId: 'q1', value: 'b' });
    j.append('answer', { itemId: 'q2', value: null });
    expect([...replayAnswers(j.entries)]).toEqual([['q1', 'b']]);
  });

  it('names the first item whose answer differs, is missing or is extra; coding items are left out', () => {
    const j = new TestJournal();
    j.append('answer', { itemId: 'q1', value: { a: 1, b: [2] } });
    j.append('answer', { itemId: 'code', value: 'ignored' });
    expect(answersMismatch(exam, resultWith({ q1: { b: [2], a: 1 }, code: { workspace: '/w' } }), j.entries)).toBeNull();
    expect(answersMismatch(exam, resultWith({ q1: { a: 2, b: [2] } }), j.entries)?.itemId).toBe('q1');
    expect(answersMismatch(exam, resultWith({}), j.entries)).toMatchObject({ itemId: 'q1', message: expect.stringMatching(/the result does not/) });
    expect(answersMismatch(exam, resultWith({ q1: { a: 1, b: [2] }, q2: 7 }), j.entries)).toMatchObject({ itemId: 'q2', message: expect.stringMatching(/no answer/) });
  });
});

describe('the hub grades only results its journal supports', () => {
  let hub: TestHub;
  let device: Device;
  let attemptId: string;
  let token: string;
  let proctor: string;
  let journal: TestJournal;
  beforeEach(async () => {
    hub = await startTestHub();
    device = makeDevice();
    ({ attemptId, token } = (await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(device, 'c-j') })).json as { attemptId: string; token: string });
    proctor = (await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json.token as string;
    journal = new TestJournal().fillExam(DEMO_ANSWERS);
  });
  afterEach(async () => {
    await hub.dispose();
  });

  const ship = (entries: unknown[]) => call(hub, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries } });
  const put = (answers: Record<string, unknown> = DEMO_ANSWERS) =>
    call(hub, 'PUT', `${P}/attempts/${attemptId}/result`, { token, body: makeResult({ attemptId, candidateId: 'c-j', device, journal, answers }), headers: { 'idempotency-key': 'journal-check-1' } });
  const summary = async () => (await call(hub, 'GET', `${P}/proctor/attempts`, { token: proctor })).json[0];
  const detail = async () => (await call(hub, 'GET', `${P}/proctor/attempts/${attemptId}`, { token: proctor })).json;
  const graded = async () => {
    for (let i = 0; i < 300 && (await summary()).grading.status === 'pending'; i++) await new Promise((r) => setTimeout(r, 10));
    return (await summary()).grading;
  };

  it('refuses (409, naming the item) a result with an answer the journal does not have, and flags it', async () => {
    expect((await ship(journal.entries)).status).toBe(200);
    const res = await put({ ...DEMO_ANSWERS, 'http-status': 'c' });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: 'conflict', details: { reason: 'answers-mismatch', itemId: 'http-status' } });
    expect(res.json.message).toMatch(/http-status/);
    const s = await summary();
    expect(s.result).toBeNull();
    expect(s.violations.critical).toBe(1);
    expect((await detail()).violations).toContainEqual(expect.objectContaining({ seq: 0, kind: 'result-mismatch', severity: 'critical' }));
  });

  it('a result with no journal shipped waits as "incomplete journal", and is graded once the entries arrive', async () => {
    expect((await put()).status).toBe(201);
    expect((await summary()).grading).toMatchObject({ status: 'incomplete-journal', score: null });
    expect((await detail()).graded).toBeNull();
    expect((await ship(journal.entries)).status).toBe(200);
    expect(await graded()).toMatchObject({ status: 'graded', maxScore: expect.any(Number) });
  });

  it('a result after the hub refused part of the chain waits; it is graded once the real entries arrive', async () => {
    expect((await ship(journal.entries.slice(0, 3))).status).toBe(200);
    const broken = journal.entries.slice(3).map((e, i) => (i === 0 ? { ...e, prev: 'f'.repeat(64) } : e));
    expect((await ship(broken)).status).toBe(409);
    expect((await put()).status).toBe(201);
    expect((await summary()).grading.status).toBe('incomplete-journal');
    expect((await ship(journal.entries.slice(3))).status).toBe(200);
    expect((await graded()).status).toBe('graded');
  });

  it('a waiting result whose journal then disagrees is refused, not graded, and flagged', async () => {
    expect((await put({ ...DEMO_ANSWERS, 'latency-budget': 99 })).status).toBe(201);
    expect((await ship(journal.entries)).status).toBe(200);
    const s = await summary();
    expect(s.grading).toMatchObject({ status: 'refused', score: null, error: expect.stringMatching(/latency-budget/) });
    expect(s.violations.critical).toBe(1);
    expect((await detail()).graded).toBeNull();
  });
});
