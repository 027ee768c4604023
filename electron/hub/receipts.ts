import { createHmac } from 'node:crypto';
import { canonicalJson } from '../../shared/canonicalJson.js';
import { decodeReceiptPayload, RECEIPT_PREFIX, type ReceiptPayload } from '../../shared/hub/receipt.js';
import { constantTimeEqual } from './auth/tokens.js';

/** Receipt tokens (shared/hub/receipt.ts): `vr1.<payload>.<HMAC-SHA256 of payload>`. */
export function issueReceipt(payload: ReceiptPayload, key: Buffer): string {
  const body = Buffer.from(canonicalJson(payload), 'utf8').toString('base64url');
  const mac = createHmac('sha256', key).update(body).digest('base64url');
  return `${RECEIPT_PREFIX}.${body}.${mac}`;
}

/** The payload of a receipt this key issued, or null. */
export function verifyReceipt(receipt: string, key: Buffer): ReceiptPayload | null {
  const parts = receipt.split('.');
  if (parts.length !== 3) return null;
  const mac = createHmac('sha256', key)
    .update(parts[1] ?? '')
    .digest('base64url');
  if (!constantTimeEqual(mac, parts[2] ?? '')) return null;
  return decodeReceiptPayload(receipt, (text) => Buffer.from(text, 'base64url').toString('utf8'));
}
