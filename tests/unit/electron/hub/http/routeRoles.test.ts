import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_ROUTES } from '../../../../../shared/hub/routes.js';
import type { HubRole } from '../../../../../shared/hub/roles.js';
import { call } from '../support/inject.js';
import { enrollBody, makeDevice, PASSWORD, startTestHub, type TestHub } from '../support/hubFixture.js';

/**
 * Roles (issue 19), as a table: every proctor-side route, called by every role, is refused (403)
 * exactly where this table says so and accepted (no 401/403) elsewhere. The table is written out
 * here, not read from the code, so a change of the rules has to change the test too.
 */
const P = '/api/v1';
const EXPECTED: Record<string, Record<HubRole, boolean>> = {
  listAttempts: { admin: true, proctor: true, grader: true, viewer: true },
  listSittings: { admin: true, proctor: true, grader: true, viewer: true },
  // Sittings decide who may enroll into what: admins only.
  createSitting: { admin: true, proctor: false, grader: false, viewer: false },
  closeSitting: { admin: true, proctor: false, grader: false, viewer: false },
  attemptDetail: { admin: true, proctor: true, grader: true, viewer: true },
  issueCommand: { admin: true, proctor: true, grader: false, viewer: false },
  allowReenroll: { admin: true, proctor: true, grader: false, viewer: false },
  gradeEssay: { admin: true, proctor: false, grader: true, viewer: false },
  resultsCsv: { admin: true, proctor: true, grader: true, viewer: true },
  // Reports (issue 20): what names candidates is not for the blind grader; the blind queue is grading.
  itemStats: { admin: true, proctor: true, grader: true, viewer: true },
  examInfo: { admin: true, proctor: true, grader: true, viewer: true },
  cohort: { admin: true, proctor: true, grader: false, viewer: true },
  cohortCsv: { admin: true, proctor: true, grader: false, viewer: true },
  similarity: { admin: true, proctor: true, grader: false, viewer: true },
  blindQueue: { admin: true, proctor: false, grader: true, viewer: false },
  blindGrade: { admin: true, proctor: false, grader: true, viewer: false },
  attemptReportJson: { admin: true, proctor: true, grader: false, viewer: true },
  attemptReport: { admin: true, proctor: true, grader: false, viewer: true },
  attemptReportPdf: { admin: true, proctor: true, grader: false, viewer: true },
};
const ROLES: HubRole[] = ['admin', 'proctor', 'grader', 'viewer'];

describe('every proctor-side route refuses the roles it should', () => {
  let hub: TestHub;
  let attemptId: string;
  const tokens = new Map<HubRole, string>();

  beforeAll(async () => {
    hub = await startTestHub({ accounts: ROLES.map((role) => ({ name: `the-${role}`, role, password: PASSWORD })) });
    attemptId = (await call(hub, 'POST', `${P}/enroll`, { body: enrollBody(makeDevice(), 'c-roles') })).json.attemptId as string;
    for (const role of ROLES) {
      const login = await call(hub, 'POST', `${P}/proctor/login`, { body: { password: PASSWORD, name: `the-${role}` } });
      expect(login.status).toBe(200);
      tokens.set(role, login.json.token as string);
    }
  });
  afterAll(async () => {
    await hub.dispose();
  });

  const proctorRoutes = HUB_ROUTES.filter((r) => r.auth === 'proctor');

  it('the table covers every proctor route', () => {
    expect(proctorRoutes.map((r) => r.operationId).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const route of proctorRoutes) {
    for (const role of ROLES) {
      const allowed = EXPECTED[route.operationId]?.[role];
      it(`${route.operationId} as ${role}: ${allowed ? 'accepted' : '403'}`, async () => {
        const url = route.path.replace(':id', attemptId).replace(':examId', hub.service.exam.id).replace(':code', 'no-such-code');
        const grading = route.operationId === 'gradeEssay' || route.operationId === 'blindGrade';
        // A valid body each: the shape is checked before the role, so a bad one would be 400 for everyone.
        const bodies: Partial<Record<string, unknown>> = {
          issueCommand: { type: 'message', text: 'hello' },
          createSitting: { name: `Room of the ${role}` },
          allowReenroll: { deviceFingerprint: '0123456789abcdef' },
        };
        const body = grading ? { itemId: 'explain-index', criteria: [] } : bodies[route.operationId];
        const res = await call(hub, route.method, url, { token: tokens.get(role), ...(route.method === 'GET' ? {} : { body }) });
        if (allowed) expect([401, 403], `${res.status} ${res.text}`).not.toContain(res.status);
        else {
          expect(res.status).toBe(403);
          expect(res.json.message).toMatch(new RegExp(`the ${role} role may not`));
        }
      });
    }
  }

  it('graders see candidates under a pseudonym (blind grading); the others see names', async () => {
    const asGrader = (await call(hub, 'GET', `${P}/proctor/attempts`, { token: tokens.get('grader') })).json as Array<{ candidate: { id: string; name: string } }>;
    expect(asGrader[0]?.candidate.name).toMatch(/^candidate-[0-9a-f]{8}$/);
    expect(JSON.stringify(asGrader)).not.toContain('c-roles');
    const detail = (await call(hub, 'GET', `${P}/proctor/attempts/${attemptId}`, { token: tokens.get('grader') })).json as { summary: { candidate: { id: string } } };
    expect(detail.summary.candidate.id).toBe(asGrader[0]?.candidate.id);
    const asViewer = (await call(hub, 'GET', `${P}/proctor/attempts`, { token: tokens.get('viewer') })).json as Array<{ candidate: { id: string } }>;
    expect(asViewer[0]?.candidate.id).toBe('c-roles');
  });

  it('a command names the account in the audit log', async () => {
    const issued = await call(hub, 'POST', `${P}/proctor/attempts/${attemptId}/commands`, { token: tokens.get('proctor'), body: { type: 'message', text: 'five minutes left' } });
    expect(issued.status).toBe(202);
    const log = await hub.store.auditLog();
    expect(log).toContainEqual(expect.objectContaining({ account: 'the-proctor', action: 'command:message', attemptId }));
    expect(log).toContainEqual(expect.objectContaining({ account: 'the-grader', action: 'login' }));
  });
});
