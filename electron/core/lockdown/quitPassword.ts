import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * The exam's quit password (policy.quitPassword): stored as `scrypt$N$r$p$saltB64$hashB64` so an
 * exam package never carries the password itself. Authors create it with `hashQuitPassword` (or
 * `vigil quit-password`); the candidate's app only verifies.
 */
export const QUIT_PASSWORD_PREFIX = 'scrypt';

/** Defaults: 2^15 iterations cost, 8 block size, 1 lane: ~100 ms and 32 MiB on a laptop. */
export const QUIT_PASSWORD_DEFAULTS = { N: 2 ** 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

// Bounds on what a package may ask of the candidate's machine: a hostile or mistyped N must not
// freeze the app or exhaust its memory while a candidate types a password.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

export interface QuitPasswordHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

export type ParsedQuitPasswordHash = { ok: true; value: QuitPasswordHash } | { ok: false; reason: string };

/** Parses the stored form; a malformed value is data (the lint and the verifier both report it). */
export function parseQuitPasswordHash(text: string): ParsedQuitPasswordHash {
  const parts = text.split('$');
  if (parts.length !== 6 || parts[0] !== QUIT_PASSWORD_PREFIX) return { ok: false, reason: 'expected scrypt$N$r$p$salt$hash' };
  const [, nText, rText, pText, saltText, hashText] = parts as [string, string, string, string, string, string];
  const N = Number(nText);
  const r = Number(rText);
  const p = Number(pText);
  if (!Number.isInteger(N) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0) return { ok: false, reason: `N must be a power of two from 2 to ${MAX_N}` };
  if (!Number.isInteger(r) || r < 1 || r > MAX_R) return { ok: false, reason: `r must be a whole number from 1 to ${MAX_R}` };
  if (!Number.isInteger(p) || p < 1 || p > MAX_P) return { ok: false, reason: `p must be a whole number from 1 to ${MAX_P}` };
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!base64.test(saltText) || !base64.test(hashText)) return { ok: false, reason: 'salt and hash must be base64' };
  const salt = Buffer.from(saltText, 'base64');
  const hash = Buffer.from(hashText, 'base64');
  if (salt.length < 8) return { ok: false, reason: 'the salt must be at least 8 bytes' };
  if (hash.length < 16 || hash.length > 128) return { ok: false, reason: 'the hash must be 16 to 128 bytes' };
  return { ok: true, value: { N, r, p, salt, hash } };
}

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function scryptOptions(N: number, r: number, p: number): ScryptOptions {
  // scrypt needs 128 * N * r bytes; Node refuses above maxmem (32 MiB by default).
  return { N, r, p, maxmem: 128 * N * r * 2 + 1024 * 1024 };
}

/** Hashes a quit password for an exam's policy. */
export async function hashQuitPassword(password: string, params: { N?: number; r?: number; p?: number } = {}): Promise<string> {
  if (password.length === 0) throw new RangeError('a quit password cannot be empty');
  const N = params.N ?? QUIT_PASSWORD_DEFAULTS.N;
  const r = params.r ?? QUIT_PASSWORD_DEFAULTS.r;
  const p = params.p ?? QUIT_PASSWORD_DEFAULTS.p;
  const salt = randomBytes(QUIT_PASSWORD_DEFAULTS.saltBytes);
  const hash = await scryptAsync(password, salt, QUIT_PASSWORD_DEFAULTS.keyBytes, scryptOptions(N, r, p));
  const stored = [QUIT_PASSWORD_PREFIX, N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
  // Round-trip through the parser so a parameter the verifier would refuse fails here, at authoring.
  const parsed = parseQuitPasswordHash(stored);
  if (!parsed.ok) throw new RangeError(`cannot hash with these parameters: ${parsed.reason}`);
  return stored;
}

/**
 * True when `password` matches the stored hash, compared in constant time. A null or malformed hash
 * never matches: without a valid quit password a candidate cannot quit early (DESIGN 6).
 */
export async function verifyQuitPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null || password.length === 0) return false;
  const parsed = parseQuitPasswordHash(stored);
  if (!parsed.ok) return false;
  const { N, r, p, salt, hash } = parsed.value;
  const candidate = await scryptAsync(password, salt, hash.length, scryptOptions(N, r, p));
  return timingSafeEqual(candidate, hash);
}
