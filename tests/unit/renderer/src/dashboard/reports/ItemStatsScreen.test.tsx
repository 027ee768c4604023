// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ItemStatsScreen } from '../../../../../../renderer/src/dashboard/reports/ItemStatsScreen.js';
import { DashboardProvider } from '../../../../../../renderer/src/dashboard/store/DashboardProvider.js';
import type { ItemStatsReply } from '../../../../../../shared/hub/itemStats.js';
import { fakeClient, makeStore, summary } from '../fixtures.js';

function stats(results: number): ItemStatsReply {
  return {
    examId: 'demo',
    examTitle: 'Demo',
    results,
    alpha: 0.5,
    sem: 1.2,
    alphaItems: 2,
    reliable: false,
    notes: [`Only ${results} graded results`],
    items: [
      { itemId: 'q1', title: 'Easy one', sectionTitle: 'S', type: 'single-choice', max: 1, n: results, facility: 0.95, discrimination: 0.3, options: [{ optionId: 'a', text: 'Yes', correct: true, count: results, share: 1 }], unanswered: 0, flags: ['too-easy'] },
      { itemId: 'q2', title: 'Fine one', sectionTitle: 'S', type: 'numeric', max: 2, n: results, facility: 0.5, discrimination: 0.4, options: null, unanswered: null, flags: [] },
    ],
  };
}

describe('the item statistics page', () => {
  afterEach(cleanup);

  it('shows the flags in words and reloads when the live feed says a result was graded', async () => {
    let calls = 0;
    const client = fakeClient({
      exam: async () => ({ id: 'demo', version: '1', title: 'Demo', skills: [] }),
      itemStats: async () => stats(++calls),
    });
    const store = makeStore(client, { route: { screen: 'item-stats' } });
    render(
      <DashboardProvider store={store}>
        <ItemStatsScreen client={client} />
      </DashboardProvider>,
    );
    await screen.findByText('Too easy (facility above 0.9)');
    expect(screen.getByTestId('stats-results').textContent).toBe('1');
    expect(screen.getAllByTestId('item-stat-row').map((r) => r.dataset.flags)).toEqual(['too-easy', '']);

    // A result graded elsewhere: the summaries change, the page asks the hub again.
    await act(async () => {
      store.getState().applySummaries([summary({ attemptId: 'a1', state: 'sealed', grading: { status: 'graded', score: 3, maxScore: 4, pendingManual: 0, error: null } })], true);
    });
    await screen.findByText('2', { selector: '[data-testid="stats-results"]' });
    expect(calls).toBe(2);
  });
});
