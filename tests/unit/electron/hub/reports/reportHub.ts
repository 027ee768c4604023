import { expect } from 'vitest';
import { enrollReplySchema } from '../../../../../shared/hub/enrollment.js';
import type { UnsignedResult } from '../../../../../shared/result.js';
import { call } from '../support/inject.js';
import { enrollBody, makeDevice, makeResult, PASSWORD, TestJournal, type TestHub } from '../support/hubFixture.js';

const P = '/api/v1';

/** A candidate who enrolls, answers, and uploads a sealed result to a test hub. */
export async function submitCandidate(
  hub: TestHub,
  candidateId: string,
  answers: Record<string, unknown>,
  extra: { workspaces?: UnsignedResult['workspaces']; violations?: number; accessCode?: string } = {},
): Promise<string> {
  const device = makeDevice();
  const enrolled = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(device, candidateId, extra.accessCode ? { accessCode: extra.accessCode } : {}) });
  expect(enrolled.status).toBe(201);
  const { attemptId, token } = enrollReplySchema.parse(enrolled.json);
  const journal = new TestJournal().fillExam(answers);
  for (let i = 1; i < (extra.violations ?? 1); i++) journal.append('violation', { kind: 'focus-loss', severity: 'warning', detail: 'window lost focus' });
  expect((await call(hub, 'POST', `${P}/attempts/${attemptId}/events`, { token, body: { entries: journal.entries } })).status).toBe(200);
  const result = makeResult({ attemptId, candidateId, device, journal, answers, ...(extra.workspaces ? { workspaces: extra.workspaces } : {}) });
  const put = await call(hub, 'PUT', `${P}/attempts/${attemptId}/result`, { token, body: result, headers: { 'idempotency-key': `upload-${candidateId.replace(/[^A-Za-z0-9]/g, 'x')}` } });
  expect(put.status).toBe(201);
  return attemptId;
}

export async function proctorToken(hub: TestHub): Promise<string> {
  const login = await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD, name: 'Hana' } });
  expect(login.status).toBe(200);
  return login.json.token as string;
}

/** A candidate who enrolls and sends nothing more: no result yet. */
export async function enrollOnly(hub: TestHub, candidateId: string): Promise<string> {
  const enrolled = await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), candidateId) });
  expect(enrolled.status).toBe(201);
  return enrollReplySchema.parse(enrolled.json).attemptId;
}
