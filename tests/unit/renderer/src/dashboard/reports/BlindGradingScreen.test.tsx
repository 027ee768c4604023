// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BlindGradingScreen } from '../../../../../../renderer/src/dashboard/reports/BlindGradingScreen.js';
import { DashboardProvider } from '../../../../../../renderer/src/dashboard/store/DashboardProvider.js';
import type { BlindQueueReply } from '../../../../../../shared/hub/blindGrading.js';
import { fakeClient, makeStore } from '../fixtures.js';

const grade = { status: 'pending-manual', score: 0, max: 2, feedback: '' } as const;

function queue(marksShown: boolean): BlindQueueReply {
  return {
    items: [
      {
        itemId: 'explain-index',
        title: 'When not to index',
        prompt: 'When does an index not pay off?',
        points: 2,
        rubric: [
          { id: 'write-cost', text: 'Mentions the write cost.', points: 1 },
          { id: 'selectivity', text: 'Mentions low selectivity.', points: 1, levels: [{ points: 0, label: 'absent', descriptor: '' }, { points: 0.5, label: 'vague', descriptor: '' }, { points: 1, label: 'clear', descriptor: '' }] },
        ],
        answers: [
          {
            code: 'K7QF-2M9X',
            answer: 'Writes get slower.',
            grade,
            manual: null,
            graders: [
              { by: 'Ana', at: '2026-12-02T10:00:00.000Z', score: marksShown ? 1.5 : null, marks: marksShown ? { 'write-cost': 1, selectivity: 0.5 } : null, reconciles: false },
              { by: 'Ben', at: '2026-12-02T10:05:00.000Z', score: marksShown ? 0 : null, marks: marksShown ? { 'write-cost': 0, selectivity: 0 } : null, reconciles: false },
            ],
            needsReconciliation: marksShown,
          },
        ],
        graded: 1,
        doubleGraded: 1,
        needsReconciliation: marksShown ? 1 : 0,
      },
    ],
  };
}

async function show(reply: BlindQueueReply) {
  const client = fakeClient({ exam: async () => ({ id: 'demo', version: '2026.11.0', title: 'Demo', skills: [] }), blindQueue: async () => reply });
  render(
    <DashboardProvider store={makeStore(client)}>
      <BlindGradingScreen client={client} />
    </DashboardProvider>,
  );
  await screen.findByTestId('blind-card');
}

describe('the blind grading page', () => {
  afterEach(cleanup);

  it('shows the graders\u2019 marks per criterion side by side when they need reconciling, with the differing ones marked', async () => {
    await show(queue(true));
    const table = screen.getByTestId('grader-marks');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Criterion', 'Ana', 'Ben']);
    const selectivity = table.querySelector('tr[data-criterion="selectivity"]') as HTMLElement;
    expect(selectivity.dataset.differ).toBe('true');
    expect([...selectivity.querySelectorAll('td')].map((c) => c.textContent)).toEqual(['0.5 (vague)', '0 (absent)']);
  });

  it('shows no marks of other graders before you have graded (second grading stays independent)', async () => {
    await show(queue(false));
    expect(screen.queryByTestId('grader-marks')).toBeNull();
    expect(screen.getByTestId('blind-graders').textContent).toContain('Their marks show once you have graded it yourself.');
  });
});
