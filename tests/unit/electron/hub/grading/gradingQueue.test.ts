import { describe, expect, it } from 'vitest';
import type { SqlRunner } from '../../../../../electron/core/sql/sqlRunner.js';
import { call } from '../support/inject.js';
import { enrollBody, makeDevice, makeResult, PASSWORD, startTestHub, TestJournal } from '../support/hubFixture.js';

const P = '/api/v1';

describe('grading on the hub', () => {
  it('a system error while grading is recorded and retried; the result is never lost', async () => {
    let broken = true;
    const sql: SqlRunner = {
      run: async () => {
        if (broken) throw new Error('the SQL worker crashed');
        return { ok: true, columns: ['customer_id', 'order_count'], rows: [], truncated: false };
      },
      close: async () => {},
    };
    const hub = await startTestHub({ deps: { sql }, gradingRetryMs: 20 });
    try {
      const device = makeDevice();
      const { attemptId, token } = (await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(device, 'c-g') })).json as { attemptId: string; token: string };
      const answers = { 'top-customers': 'SELECT customer_id, 1 AS order_count FROM orders' };
      const journal = new TestJournal().fillExam(answers);
      // The hub grades only against the journal it holds (docs/hub.md): ship it first.
      expect((await call(hub, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries: journal.entries } })).status).toBe(200);
      const put = await call(hub, 'PUT', `${P}/attempts/${attemptId}/result`, {
        token,
        body: makeResult({ attemptId, candidateId: 'c-g', device, journal, answers }),
        headers: { 'idempotency-key': 'grading-0001' },
      });
      expect(put.status).toBe(201);
      const proctor = (await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD } })).json.token as string;
      const summary = async () => (await call(hub, 'GET', `${P}/proctor/attempts`, { token: proctor })).json[0];
      for (let i = 0; i < 100 && (await summary()).grading.status !== 'error'; i++) await new Promise((r) => setTimeout(r, 10));
      expect((await summary()).grading).toMatchObject({ status: 'error', error: expect.stringMatching(/SQL worker crashed/) });
      expect((await summary()).result).not.toBeNull();
      broken = false;
      for (let i = 0; i < 200 && (await summary()).grading.status !== 'graded'; i++) await new Promise((r) => setTimeout(r, 10));
      expect((await summary()).grading).toMatchObject({ status: 'graded', error: null, maxScore: 11 });
    } finally {
      await hub.dispose();
    }
  });
});
