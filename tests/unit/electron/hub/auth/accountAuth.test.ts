import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccountAuth, ensureFirstAdmin } from '../../../../../electron/hub/auth/accountAuth.js';
import { hashPassword, verifyPassword } from '../../../../../electron/hub/auth/passwords.js';
import type { HubStore } from '../../../../../electron/hub/store/hubStore.js';
import { openHubStore } from '../../../../../electron/hub/store/openHubStore.js';

describe('hub accounts and sessions', () => {
  let dir: string;
  let store: HubStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-accounts-'));
    store = await openHubStore({ dataDir: dir });
    await store.open();
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('passwords are kept as scrypt hashes that verify only the right password', async () => {
    const hash = await hashPassword('s3cret');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(hash).not.toContain('s3cret');
    expect(await verifyPassword(hash, 's3cret')).toBe(true);
    expect(await verifyPassword(hash, 'S3cret')).toBe(false);
    expect(await verifyPassword('garbage', 's3cret')).toBe(false);
  });

  it('the first admin is created once; a login gives a stored session that expires, survives a new process and can be revoked', async () => {
    const at = new Date().toISOString();
    expect(await ensureFirstAdmin(store, 'first-password', at)).toBe(true);
    expect(await ensureFirstAdmin(store, 'another', at)).toBe(false);
    let now = Date.now();
    const auth = createAccountAuth(store, { now: () => now, ttlMs: 60_000, recheckMs: 0 });
    expect(await auth.login('another', undefined)).toBeNull();
    expect(await auth.login('first-password', 'nobody')).toBeNull();
    const login = await auth.login('first-password', undefined);
    expect(login?.session).toMatchObject({ name: 'admin', role: 'admin' });
    // Another process (a restart, a replica) reads the same session from the store.
    const other = createAccountAuth(store, { now: () => now, recheckMs: 0 });
    expect(await other.session(login?.token ?? '')).toMatchObject({ name: 'admin', role: 'admin' });
    const admin = await store.accountByName('admin');
    expect(await other.revoke(admin?.accountId ?? '')).toBe(1);
    expect(await auth.session(login?.token ?? '')).toBeNull();
    const again = await auth.login('first-password', 'admin');
    now += 60_001;
    expect(await auth.session(again?.token ?? '')).toBeNull();
  });
});
