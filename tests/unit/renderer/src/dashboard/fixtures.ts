import type { AttemptSummary } from '../../../../../shared/hub/proctor.js';
import type { SittingView } from '../../../../../shared/hub/sittings.js';

/** An attempt summary as the hub sends it, with the fields a test cares about overridden. */
export function summary(overrides: Partial<AttemptSummary> & { attemptId: string }): AttemptSummary {
  return {
    candidate: { id: overrides.attemptId, name: `Candidate ${overrides.attemptId}` },
    deviceInfo: {},
    enrolledAt: '2026-01-01T09:00:00.000Z',
    state: 'in-progress',
    online: true,
    live: false,
    progress: { answered: 0, total: 7 },
    remainingMs: 600_000,
    lastHeartbeatAt: null,
    lastSavedAt: null,
    journalSeq: 0,
    violations: { info: 0, warning: 0, critical: 0 },
    pendingCommands: 0,
    result: null,
    reenrollRequest: null,
    reenrollAllowedUntil: null,
    grading: { status: 'none', score: null, maxScore: null, pendingManual: 0, error: null },
    ...overrides,
  };
}

import type { HubClient } from '../../../../../renderer/src/dashboard/api/hubClient.js';
import { createDashboardStore, type DashboardStore } from '../../../../../renderer/src/dashboard/store/dashboardStore.js';
import type { ProctorSession, SessionStore } from '../../../../../renderer/src/dashboard/store/session.js';
import type { Route } from '../../../../../renderer/src/dashboard/lib/route.js';

const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected call: ${name}`));

/** A hub client whose calls fail unless the test provides them. */
export function fakeClient(overrides: Partial<HubClient> = {}): HubClient {
  return {
    login: unexpected('login'),
    attempts: unexpected('attempts'),
    detail: unexpected('detail'),
    command: unexpected('command'),
    grade: unexpected('grade'),
    resultsCsv: unexpected('resultsCsv'),
    exam: unexpected('exam'),
    sittings: unexpected('sittings'),
    createSitting: unexpected('createSitting'),
    closeSitting: unexpected('closeSitting'),
    itemStats: unexpected('itemStats'),
    cohort: unexpected('cohort'),
    report: unexpected('report'),
    blindQueue: unexpected('blindQueue'),
    blindGrade: unexpected('blindGrade'),
    download: unexpected('download'),
    callRoute: (operationId) => Promise.reject(new Error(`unexpected call: callRoute(${operationId})`)),
    ...overrides,
  };
}

export function memorySessions(initial: ProctorSession | null = null): SessionStore & { saved: ProctorSession | null } {
  const store = {
    saved: initial,
    load: () => store.saved,
    save: (s: ProctorSession) => {
      store.saved = s;
    },
    clear: () => {
      store.saved = null;
    },
  };
  return store;
}

export const SESSION: ProctorSession = { token: 't'.repeat(43), expiresAt: '2999-01-01T00:00:00.000Z', name: 'Ana', role: 'proctor' };

/** A sitting as listSittings sends it. */
export function sitting(overrides: Partial<SittingView> & { sittingId: string; name: string }): SittingView {
  return { examId: 'demo', examVersion: '2026.11.0', packageDir: '/p', accessCode: 'X', opensAt: null, closesAt: null, createdAt: '2026-12-01T00:00:00.000Z', closedAt: null, attempts: 0, ...overrides };
}

export function makeStore(client: HubClient, opts: { session?: ProctorSession | null; route?: Route; now?: () => number } = {}): DashboardStore {
  return createDashboardStore({ client, sessions: memorySessions(opts.session === undefined ? SESSION : opts.session), now: opts.now ?? (() => Date.now()) }, opts.route ?? { screen: 'grid' });
}
