import { describe, expect, it } from 'vitest';
import { createSessionStore } from '../../../../../../renderer/src/dashboard/store/session.js';
import { SESSION } from '../fixtures.js';

/** sessionStorage as a Map. */
function memoryStorage() {
  const items = new Map<string, string>();
  return { items, getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
}

describe('the dashboard session in sessionStorage', () => {
  it('keeps the account role with the token, and drops a session stored without one (the admin controls go by it)', () => {
    const storage = memoryStorage();
    const sessions = createSessionStore(storage);
    sessions.save({ ...SESSION, role: 'admin' });
    expect(sessions.load(0)).toEqual({ ...SESSION, role: 'admin' });
    // A tab kept open across the upgrade holds a session of the old shape: log in again.
    storage.setItem('vigil.dashboard.session', JSON.stringify({ token: SESSION.token, expiresAt: SESSION.expiresAt, name: 'Ana' }));
    expect(sessions.load(0)).toBeNull();
    storage.setItem('vigil.dashboard.session', JSON.stringify({ ...SESSION, role: 'superuser' }));
    expect(sessions.load(0)).toBeNull();
  });
});
