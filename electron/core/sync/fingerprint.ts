import { VigilError } from '../../../shared/errors.js';

/**
 * A certificate's SHA-256 fingerprint in the form Node reports it (`AA:BB:...`, 32 bytes). People
 * copy fingerprints from the hub's console, so colons, spaces and case are forgiven.
 */
export function normalizeFingerprint(text: string): string {
  const hex = text.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) throw new VigilError('invalid-params', `not a SHA-256 fingerprint: ${JSON.stringify(text)} (expected 32 bytes in hex, e.g. AA:BB:...)`);
  return hex.match(/../g)?.join(':') ?? hex;
}
