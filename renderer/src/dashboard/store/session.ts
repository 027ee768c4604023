import { TOKEN_PATTERN } from '../../../../shared/hub/limits.js';
import { HUB_ROLES, type HubRole } from '../../../../shared/hub/roles.js';
import { createPersist, type KeyValueStore } from '../../store/persist.js';

/**
 * The proctor's session, kept in sessionStorage: it survives a reload of the tab but not closing
 * it, and never reaches another tab or the disk's long-lived storage.
 */
export interface ProctorSession {
  token: string;
  /** ISO time the hub says the token expires. */
  expiresAt: string;
  /** The account commands and grades are recorded under, as the hub named it at login. */
  name: string;
  /** The account's role, from the login reply: which controls the dashboard shows (the hub enforces them). */
  role: HubRole;
}

const KEY = 'vigil.dashboard.session';

function isSession(value: unknown): value is ProctorSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.token === 'string' && TOKEN_PATTERN.test(v.token) && typeof v.expiresAt === 'string' && typeof v.name === 'string' && (HUB_ROLES as readonly unknown[]).includes(v.role);
}

export interface SessionStore {
  load(now: number): ProctorSession | null;
  save(session: ProctorSession): void;
  clear(): void;
}

export function createSessionStore(storage: KeyValueStore | null): SessionStore {
  const persist = createPersist(storage);
  return {
    load(now) {
      const session = persist.read(KEY, isSession);
      if (!session) return null;
      const expires = Date.parse(session.expiresAt);
      return Number.isFinite(expires) && expires > now ? session : null;
    },
    save(session) {
      persist.write(KEY, session);
    },
    clear() {
      persist.write(KEY, null);
    },
  };
}

/** window.sessionStorage when usable (it throws in some locked-down browsers). */
export function browserSessionStorage(): KeyValueStore | null {
  try {
    return typeof window !== 'undefined' && window.sessionStorage ? window.sessionStorage : null;
  } catch (error) {
    console.warn('vigil dashboard: sessionStorage is not available; a reload will ask for the password again', error);
    return null;
  }
}
