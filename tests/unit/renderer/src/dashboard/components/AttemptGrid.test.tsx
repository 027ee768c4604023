// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { GridScreen } from '../../../../../../renderer/src/dashboard/components/AttemptGrid.js';
import { DashboardProvider } from '../../../../../../renderer/src/dashboard/store/DashboardProvider.js';
import { fakeClient, makeStore, summary } from '../fixtures.js';

function setup() {
  const store = makeStore(fakeClient());
  store.getState().applySummaries(
    [
      summary({ attemptId: 'a1', candidate: { id: 'c-1', name: 'Grace Hopper' }, state: 'paused' }),
      summary({ attemptId: 'a2', candidate: { id: 'c-2', name: 'Alan Turing' }, state: 'in-progress' }),
      summary({ attemptId: 'a3', candidate: { id: 'c-3', name: 'Barbara Liskov' }, state: 'locked' }),
    ],
    true,
  );
  render(
    <DashboardProvider store={store}>
      <GridScreen />
    </DashboardProvider>,
  );
  return store;
}

const order = () => screen.getAllByTestId('attempt-row').map((row) => within(row).getByRole('link').textContent);

describe('GridScreen', () => {
  afterEach(cleanup);

  it('sorts from the column headers, by keyboard, saying the order with aria-sort', async () => {
    const user = userEvent.setup();
    setup();
    expect(order()).toEqual(['Alan Turing', 'Barbara Liskov', 'Grace Hopper']);
    const candidateHeader = screen.getByRole('columnheader', { name: /Candidate/ });
    expect(candidateHeader.getAttribute('aria-sort')).toBe('ascending');

    screen.getByRole('button', { name: /^Candidate/ }).focus();
    await user.keyboard('{Enter}');
    expect(order()).toEqual(['Grace Hopper', 'Barbara Liskov', 'Alan Turing']);
    expect(candidateHeader.getAttribute('aria-sort')).toBe('descending');

    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /^State/ }));
    await user.keyboard(' ');
    // in-progress, paused, locked: the lifecycle's order.
    expect(order()).toEqual(['Alan Turing', 'Grace Hopper', 'Barbara Liskov']);
    expect(screen.getByRole('columnheader', { name: /State/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(candidateHeader.getAttribute('aria-sort')).toBe('none');
  });

  it('filters by text and state, and says how many are shown', async () => {
    const user = userEvent.setup();
    const store = setup();
    await user.type(screen.getByLabelText('Find a candidate'), 'c-3');
    expect(order()).toEqual(['Barbara Liskov']);
    expect(screen.getByTestId('grid-count').textContent).toBe('Showing 1 of 3 attempts');
    await user.clear(screen.getByLabelText('Find a candidate'));
    await user.selectOptions(screen.getByLabelText('State'), 'paused');
    expect(order()).toEqual(['Grace Hopper']);
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(order()).toHaveLength(3);
    // A live push for an attempt the filter hides changes nothing visible, one it shows does.
    await user.selectOptions(screen.getByLabelText('State'), 'in-progress');
    act(() => store.getState().applySummaries([summary({ attemptId: 'a1', candidate: { id: 'c-1', name: 'Grace Hopper' }, state: 'in-progress' })], false));
    expect(order()).toEqual(['Alan Turing', 'Grace Hopper']);
  });

  it('opens an attempt from its link', async () => {
    const user = userEvent.setup();
    const store = setup();
    await user.click(screen.getByRole('link', { name: 'Barbara Liskov' }));
    expect(store.getState().route).toEqual({ screen: 'attempt', attemptId: 'a3' });
  });
});
