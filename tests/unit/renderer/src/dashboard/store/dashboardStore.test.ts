import { describe, expect, it, vi } from 'vitest';
import { HubRequestError } from '../../../../../../renderer/src/dashboard/api/hubClient.js';
import type { LiveFeed } from '../../../../../../renderer/src/dashboard/api/liveFeed.js';
import { connectDashboard, createDashboardStore } from '../../../../../../renderer/src/dashboard/store/dashboardStore.js';
import { fakeClient, memorySessions, SESSION } from '../fixtures.js';

describe('dashboard store', () => {
  it('logs in, keeping the session, and says clearly why a login failed', async () => {
    const login = vi
      .fn()
      .mockRejectedValueOnce(new HubRequestError(401, 'forbidden', 'wrong password'))
      .mockRejectedValueOnce(new HubRequestError(429, 'unavailable', 'rate limited'))
      .mockResolvedValueOnce({ token: SESSION.token, expiresAt: SESSION.expiresAt, name: 'Ana', role: 'grader' });
    const sessions = memorySessions(null);
    const store = createDashboardStore({ client: fakeClient({ login }), sessions, now: () => 0 }, { screen: 'grid' });
    expect(await store.getState().login('nope', '')).toBe(false);
    expect(store.getState().loginError).toMatch(/^Wrong password/);
    expect(await store.getState().login('nope', '')).toBe(false);
    expect(store.getState().loginError).toMatch(/^Too many login attempts/);
    expect(await store.getState().login('right', ' Ana ')).toBe(true);
    expect(login).toHaveBeenLastCalledWith('right', 'Ana');
    // The name and role are the hub's (the account), not what was typed.
    expect(store.getState().session).toEqual({ ...SESSION, name: 'Ana', role: 'grader' });
    expect(sessions.saved?.token).toBe(SESSION.token);
    store.getState().logout('bye');
    expect(sessions.saved).toBeNull();
    expect(store.getState().loginError).toBe('bye');
  });

  it('runs the live feed only while logged in, and logs out when the hub ends the session', () => {
    const store = createDashboardStore({ client: fakeClient(), sessions: memorySessions(SESSION), now: () => 0 }, { screen: 'grid' });
    const stops: string[] = [];
    let endSession: (() => void) | null = null;
    const startFeed = vi.fn((token: string, handlers: { onUnauthorized(): void }): LiveFeed => {
      endSession = handlers.onUnauthorized;
      return { stop: () => stops.push(token), refresh: async () => {}, status: () => 'live' };
    });
    const disconnect = connectDashboard(store, { startFeed });
    expect(startFeed).toHaveBeenCalledWith(SESSION.token, expect.anything());
    endSession!();
    expect(store.getState().session).toBeNull();
    expect(store.getState().loginError).toMatch(/session has ended/);
    expect(stops).toEqual([SESSION.token]);
    disconnect();
  });
});
