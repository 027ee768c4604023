import { VigilError } from '../../../shared/errors.js';
import { PROCTOR_TOKEN_TTL_MS } from '../../../shared/hub/limits.js';
import type { HubRole } from '../../../shared/hub/roles.js';
import type { HubStore } from '../store/hubStore.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { hashToken, newToken } from './tokens.js';

/**
 * Logins of named accounts (issue 19; DESIGN 9): the password is checked against the account's
 * scrypt hash; a session is a random token, stored by its hash with an expiry in the store, so it
 * survives a restart, works on every replica, and can be revoked (`vigil hub user revoke`). A
 * session is looked up again at most every `recheckMs`, so a revocation reaches every replica
 * within that time without a query per request.
 */
export interface ProctorSession {
  accountId: string;
  /** The account's name: commands and grades are journaled and audited under it. */
  name: string;
  role: HubRole;
  expiresAtMs: number;
}

export interface ProctorAuth {
  /** A new session for the right name and password (no name: the account `admin`), or null. */
  login(password: string, name: string | undefined): Promise<{ token: string; expiresAtMs: number; session: ProctorSession } | null>;
  /** The live session a token names, or null (unknown, expired, revoked, account disabled). */
  session(token: string): Promise<ProctorSession | null>;
  /** Ends every session of an account now (on this process at once, elsewhere within recheckMs). */
  revoke(accountId: string): Promise<number>;
}

export const FIRST_ADMIN = 'admin';

export function createAccountAuth(store: HubStore, options: { now?: () => number; ttlMs?: number; recheckMs?: number } = {}): ProctorAuth {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? PROCTOR_TOKEN_TTL_MS;
  const recheckMs = options.recheckMs ?? 5000;
  const cache = new Map<string, { session: ProctorSession; checkedAtMs: number }>();

  return {
    async login(password, name) {
      const account = await store.accountByName(name ?? FIRST_ADMIN);
      // The hash is computed even for an unknown account, so timing does not tell names apart.
      const ok = account ? await verifyPassword(account.passwordHash, password) : (await verifyPassword(DUMMY_HASH, password)) && false;
      if (!account || !ok || account.disabledAt !== null) return null;
      const t = now();
      const token = newToken();
      const expiresAtMs = t + ttlMs;
      await store.addSession(hashToken(token), account.accountId, new Date(t).toISOString(), new Date(expiresAtMs).toISOString());
      const session: ProctorSession = { accountId: account.accountId, name: account.name, role: account.role, expiresAtMs };
      cache.set(token, { session, checkedAtMs: t });
      return { token, expiresAtMs, session };
    },
    async session(token) {
      const t = now();
      const cached = cache.get(token);
      if (cached && t - cached.checkedAtMs < recheckMs) return cached.session.expiresAtMs > t ? cached.session : null;
      const row = await store.session(hashToken(token));
      if (!row || row.revokedAt !== null || row.account.disabledAt !== null || Date.parse(row.expiresAt) <= t) {
        cache.delete(token);
        return null;
      }
      const session: ProctorSession = { accountId: row.account.accountId, name: row.account.name, role: row.account.role, expiresAtMs: Date.parse(row.expiresAt) };
      // Forget expired sessions now and then, so a long day does not accumulate them.
      if (cache.size > 10_000) for (const [key, c] of cache) if (c.session.expiresAtMs <= t) cache.delete(key);
      cache.set(token, { session, checkedAtMs: t });
      return session;
    },
    async revoke(accountId) {
      for (const [key, c] of cache) if (c.session.accountId === accountId) cache.delete(key);
      return store.revokeSessions(accountId, new Date(now()).toISOString());
    },
  };
}

// A valid hash of a random password: what an unknown name is checked against.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * The first admin, created at first start when the store has no account (the password is the one
 * given, or generated and printed once). Returns true when it was created now. Two replicas
 * starting on an empty database: one creates it, the other finds it.
 */
export async function ensureFirstAdmin(store: HubStore, password: string, at: string): Promise<boolean> {
  if ((await store.listAccounts()).length > 0) return false;
  try {
    await store.addAccount({ name: FIRST_ADMIN, role: 'admin', passwordHash: await hashPassword(password), createdAt: at });
  } catch (error) {
    if (error instanceof VigilError && error.code === 'conflict') return false;
    throw error;
  }
  await store.audit({ at, account: FIRST_ADMIN, action: 'account:add', attemptId: null, detail: { name: FIRST_ADMIN, role: 'admin', firstStart: true } });
  return true;
}
