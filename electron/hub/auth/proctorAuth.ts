import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { PROCTOR_TOKEN_TTL_MS } from '../../../shared/hub/limits.js';
import { hashToken, newToken } from './tokens.js';

/**
 * Proctor login (DESIGN 9). The password is kept only as a scrypt hash with a random salt; a login
 * hashes the attempt with the same parameters and compares in constant time. Sessions are random
 * tokens (kept by hash) that expire after PROCTOR_TOKEN_TTL_MS. Sessions live in memory: a hub
 * restart asks proctors to log in again.
 */
export interface ProctorSession {
  name: string;
  expiresAtMs: number;
}

export interface ProctorAuth {
  /** A new session for the right password, or null. */
  login(password: string, name: string | undefined): Promise<{ token: string; expiresAtMs: number } | null>;
  /** The live session a token names, or null (unknown or expired). */
  session(token: string): ProctorSession | null;
}

const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function createProctorAuth(password: string, options: { now?: () => number; ttlMs?: number } = {}): Promise<ProctorAuth> {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? PROCTOR_TOKEN_TTL_MS;
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt);
  const sessions = new Map<string, ProctorSession>();

  return {
    async login(given, name) {
      const candidate = await scryptAsync(given, salt);
      if (!timingSafeEqual(candidate, hash)) return null;
      // Forget expired sessions now and then, so a long day does not accumulate them.
      const t = now();
      for (const [key, s] of sessions) if (s.expiresAtMs <= t) sessions.delete(key);
      const token = newToken();
      const session = { name: name ?? 'proctor', expiresAtMs: t + ttlMs };
      sessions.set(hashToken(token), session);
      return { token, expiresAtMs: session.expiresAtMs };
    },
    session(token) {
      const key = hashToken(token);
      const s = sessions.get(key);
      if (!s) return null;
      if (s.expiresAtMs <= now()) {
        sessions.delete(key);
        return null;
      }
      return s;
    },
  };
}
