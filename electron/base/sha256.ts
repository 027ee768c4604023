import { createHash } from 'node:crypto';

/**
 * Lowercase hex SHA-256 of a UTF-8 string or of bytes. The journal's hash chain and the hub's
 * re-check of an uploaded chain must use the very same function, so it lives here, below both.
 */
export function sha256Hex(data: string | Uint8Array): string {
  return typeof data === 'string' ? createHash('sha256').update(data, 'utf8').digest('hex') : createHash('sha256').update(data).digest('hex');
}
