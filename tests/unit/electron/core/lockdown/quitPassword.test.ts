import { describe, expect, it } from 'vitest';
import { hashQuitPassword, parseQuitPasswordHash, verifyQuitPassword } from '../../../../../electron/core/lockdown/quitPassword.js';

// Small N keeps the tests fast; the format and the comparison are what is under test.
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('quit password', () => {
  it('hashes into scrypt$N$r$p$salt$hash and verifies only the same password', async () => {
    const stored = await hashQuitPassword('proctor-only 42', FAST);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(await verifyQuitPassword(stored, 'proctor-only 42')).toBe(true);
    expect(await verifyQuitPassword(stored, 'proctor-only 43')).toBe(false);
    expect(await verifyQuitPassword(stored, '')).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashQuitPassword('same', FAST)).not.toBe(await hashQuitPassword('same', FAST));
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const stored = await hashQuitPassword('caf\u00e9', FAST);
    expect(await verifyQuitPassword(stored, 'cafe\u0301')).toBe(true);
  });

  it('uses the default cost when none is given, and verifies it', async () => {
    const stored = await hashQuitPassword('x');
    expect(stored.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyQuitPassword(stored, 'x')).toBe(true);
  });

  it('never matches without a hash or with a malformed one', async () => {
    expect(await verifyQuitPassword(null, 'anything')).toBe(false);
    expect(await verifyQuitPassword('plaintext', 'plaintext')).toBe(false);
    expect(await verifyQuitPassword('scrypt$1000$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==', 'x')).toBe(false);
  });

  it('refuses parameters that would freeze the candidate machine', () => {
    expect(parseQuitPasswordHash('scrypt$16777216$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==')).toMatchObject({ ok: false, reason: expect.stringContaining('N must') });
    expect(parseQuitPasswordHash('scrypt$1024$64$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==')).toMatchObject({ ok: false, reason: expect.stringContaining('r must') });
    expect(parseQuitPasswordHash('scrypt$1024$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==')).toMatchObject({ ok: false, reason: expect.stringContaining('salt') });
    expect(parseQuitPasswordHash('scrypt$1024$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==')).toMatchObject({ ok: true });
  });

  it('refuses an empty password for authors', async () => {
    await expect(hashQuitPassword('')).rejects.toThrow(/empty/);
  });
});
