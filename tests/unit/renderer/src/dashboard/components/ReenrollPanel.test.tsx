// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttemptSummary } from '../../../../../../shared/hub/proctor.js';
import { HubRequestError, type CallRoute } from '../../../../../../renderer/src/dashboard/api/hubClient.js';
import { ReenrollPanel } from '../../../../../../renderer/src/dashboard/components/ReenrollPanel.js';
import { GridScreen } from '../../../../../../renderer/src/dashboard/components/AttemptGrid.js';
import { DashboardProvider } from '../../../../../../renderer/src/dashboard/store/DashboardProvider.js';
import { fakeClient, makeStore, summary } from '../fixtures.js';

const NOW = Date.parse('2026-05-01T08:10:00.000Z');
const REQUEST = { at: '2026-05-01T08:09:00.000Z', deviceFingerprint: '0123456789abcdef', deviceInfo: { hostname: 'lab-pc-07', os: 'linux' } };

function setup(s: AttemptSummary, callRoute: CallRoute) {
  const spy = vi.fn(callRoute);
  const store = makeStore(fakeClient({ callRoute: spy as CallRoute }));
  const view = render(
    <DashboardProvider store={store}>
      <ReenrollPanel summary={s} now={NOW} />
    </DashboardProvider>,
  );
  return { spy, view, store };
}

const never: CallRoute = () => Promise.reject(new Error('no call expected'));

describe('ReenrollPanel', () => {
  afterEach(cleanup);

  it('says nothing while no other device asked and nothing is allowed', () => {
    const { view } = setup(summary({ attemptId: 'a1' }), never);
    expect(view.container.textContent).toBe('');
    // An expired permission is nothing to show either.
    cleanup();
    const expired = setup(summary({ attemptId: 'a1', reenrollAllowedUntil: '2026-05-01T08:00:00.000Z' }), never);
    expect(expired.view.container.textContent).toBe('');
  });

  it('shows the refused device (host, os, key fingerprint) and allows it with one keyboard-reachable button', async () => {
    const user = userEvent.setup();
    const { spy } = setup(summary({ attemptId: 'a1', candidate: { id: 'c-8', name: 'Grace Hopper' }, reenrollRequest: REQUEST }), (async () => ({ until: '2026-05-01T08:40:00.000Z' })) as CallRoute);
    const text = screen.getByTestId('reenroll-request').textContent ?? '';
    expect(text).toContain('Grace Hopper');
    expect(text).toContain('hostname: lab-pc-07, os: linux');
    expect(text).toContain('0123456789abcdef');
    const allow = screen.getByRole('button', { name: 'Allow new device' });
    allow.focus();
    await user.keyboard('{Enter}');
    // The device shown, and only it.
    expect(spy).toHaveBeenCalledWith('allowReenroll', { params: { id: 'a1' }, body: { deviceFingerprint: '0123456789abcdef' } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("shows the hub's refusal (a viewer may not allow) as an alert next to the button", async () => {
    const user = userEvent.setup();
    setup(summary({ attemptId: 'a1', reenrollRequest: REQUEST }), (() => Promise.reject(new HubRequestError(403, 'forbidden', 'this account (viewer) may not do this'))) as CallRoute);
    await user.click(screen.getByRole('button', { name: 'Allow new device' }));
    expect((await screen.findByRole('alert')).textContent).toContain('may not do this');
  });

  it('once allowed, says until when instead of offering the button again', () => {
    setup(summary({ attemptId: 'a1', reenrollRequest: REQUEST, reenrollAllowedUntil: '2026-05-01T08:40:00.000Z' }), never);
    expect(screen.getByTestId('reenroll-allowed').textContent).toContain('may check in until');
    expect(screen.queryByRole('button', { name: 'Allow new device' })).toBeNull();
  });

  it('the grid flags the row of a candidate another device asks for', () => {
    const store = makeStore(fakeClient());
    store.getState().applySummaries([summary({ attemptId: 'a1', reenrollRequest: REQUEST }), summary({ attemptId: 'a2' })], true);
    render(
      <DashboardProvider store={store}>
        <GridScreen />
      </DashboardProvider>,
    );
    const flags = screen.getAllByTestId('reenroll-flag');
    expect(flags).toHaveLength(1);
    expect(flags[0]?.closest('tr')?.dataset.attemptId).toBe('a1');
  });
});
