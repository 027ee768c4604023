// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CohortScreen } from '../../../../../../renderer/src/dashboard/reports/CohortScreen.js';
import { DashboardProvider } from '../../../../../../renderer/src/dashboard/store/DashboardProvider.js';
import type { CohortReply, CohortRow } from '../../../../../../shared/hub/cohort.js';
import type { SittingView } from '../../../../../../shared/hub/sittings.js';
import { fakeClient, makeStore, sitting as sittingFixture } from '../fixtures.js';

const exam = { id: 'demo', version: '2026.11.0', title: 'Demo', skills: [] };

function row(id: string, name: string): CohortRow {
  return {
    attemptId: `a-${id}`,
    candidate: { id, name },
    rank: 1,
    score: 5,
    maxScore: 10,
    percent: 50,
    percentile: 50,
    skills: {},
    pendingManual: 0,
    startedAt: '2026-12-02T09:00:00.000Z',
    submittedAt: '2026-12-02T09:30:00.000Z',
    timeUsedMs: 30 * 60_000,
    submitReason: 'candidate',
    violations: { info: 0, warning: 0, critical: 0 },
    similarityFlags: 0,
  };
}

function sitting(sittingId: string, name: string): SittingView {
  return sittingFixture({ sittingId, name });
}

describe('the cohort page', () => {
  afterEach(cleanup);

  it('ranks every sitting of the exam together, or the one sitting picked', async () => {
    const asked: Array<string | undefined> = [];
    const cohorts: Record<string, CohortReply> = {
      all: { exam, enrolled: 2, rows: [row('c-a', 'Ada'), row('c-b', 'Brian')] },
      sB: { exam, enrolled: 1, rows: [row('c-b', 'Brian')] },
    };
    const client = fakeClient({
      exam: async () => exam,
      sittings: async () => [sitting('sA', 'Room A'), sitting('sB', 'Room B')],
      cohort: async (_examId, sittingId) => {
        asked.push(sittingId);
        return cohorts[sittingId ?? 'all'] as CohortReply;
      },
    });
    render(
      <DashboardProvider store={makeStore(client)}>
        <CohortScreen client={client} />
      </DashboardProvider>,
    );
    const pick = (await screen.findByLabelText('Sitting')) as HTMLSelectElement;
    expect([...pick.options].map((o) => o.textContent)).toEqual(['All 2 sittings of this exam', 'Room A', 'Room B']);
    await expect.poll(() => screen.queryAllByTestId('cohort-row').length).toBe(2);
    fireEvent.change(pick, { target: { value: 'sB' } });
    await expect.poll(() => screen.queryAllByTestId('cohort-row').length).toBe(1);
    expect(asked).toEqual([undefined, 'sB']);
  });
});
