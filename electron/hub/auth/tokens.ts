import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { ACCESS_CODE_ALPHABET, GENERATED_ACCESS_CODE_LENGTH, TOKEN_PATTERN } from '../../../shared/hub/limits.js';

/**
 * Secrets the hub hands out or checks. Tokens are 32 random bytes (base64url); only their SHA-256
 * is kept, in memory and in the log, so the data folder holds no usable token. Looking a token up
 * by its hash leaks nothing an attacker can use (they would need a SHA-256 preimage).
 */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The bearer token of an `Authorization` header, if it is shaped like one of ours. */
export function bearerToken(header: string | undefined): string | null {
  if (typeof header !== 'string' || header.length > 200) return null;
  const match = /^Bearer ([A-Za-z0-9_-]+)$/i.exec(header.trim());
  const token = match?.[1];
  return token !== undefined && TOKEN_PATTERN.test(token) ? token : null;
}

/** Equal strings in time that does not depend on where they differ (both are hashed first). */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/** A fresh access code: GENERATED_ACCESS_CODE_LENGTH unambiguous characters. */
export function generateAccessCode(length = GENERATED_ACCESS_CODE_LENGTH): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ACCESS_CODE_ALPHABET[randomInt(ACCESS_CODE_ALPHABET.length)];
  return code;
}

/** Codes are compared without case and surrounding spaces (people type them). */
export function normalizeAccessCode(code: string): string {
  return code.trim().toUpperCase();
}

export function accessCodeMatches(expected: string, given: string): boolean {
  return constantTimeEqual(normalizeAccessCode(expected), normalizeAccessCode(given));
}

/** A generated proctor password: four groups of four unambiguous characters. */
export function generatePassword(): string {
  return [0, 1, 2, 3].map(() => generateAccessCode(4)).join('-');
}
