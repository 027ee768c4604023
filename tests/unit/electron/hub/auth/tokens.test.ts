import { describe, expect, it } from 'vitest';
import { ACCESS_CODE_ALPHABET } from '../../../../../shared/hub/limits.js';
import { accessCodeMatches, bearerToken, generateAccessCode, generatePassword, hashToken, newToken } from '../../../../../electron/hub/auth/tokens.js';

describe('hub secrets', () => {
  it('tokens are 32 random bytes in base64url; only well-formed bearer tokens are read', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
    expect(bearerToken(`Bearer ${a}`)).toBe(a);
    expect(bearerToken(`bearer ${a}`)).toBe(a);
    expect(bearerToken(`Basic ${a}`)).toBeNull();
    expect(bearerToken('Bearer short')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('access codes use unambiguous characters and compare without case or spaces', () => {
    for (let i = 0; i < 50; i++) {
      const code = generateAccessCode();
      expect(code).toHaveLength(8);
      for (const ch of code) expect(ACCESS_CODE_ALPHABET).toContain(ch);
    }
    expect(accessCodeMatches('K7PQ-2M', ' k7pq-2m ')).toBe(true);
    expect(accessCodeMatches('K7PQ2M', 'K7PQ2N')).toBe(false);
    expect(generatePassword()).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  });
});
