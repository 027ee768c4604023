import { z } from 'zod';
import { hubIdSchema, isoTimeSchema } from './ids.js';

/**
 * The hub's receipt for a result (DESIGN 8): a token `vr1.<payload>.<mac>`, where payload is the
 * base64url of the canonical JSON of `receiptPayloadSchema` and mac the base64url HMAC-SHA256 of
 * the payload text under the hub's secret. It names the attempt and the SHA-256 of the result's
 * canonical JSON; the hub can verify any receipt it issued. Uploading the same result again
 * returns the same receipt.
 */
export const RECEIPT_PREFIX = 'vr1';

export const receiptPayloadSchema = z.strictObject({
  hubId: hubIdSchema,
  attemptId: hubIdSchema,
  /** Hex SHA-256 of canonicalJson(result), signature included. */
  resultSha256: z.string().regex(/^[0-9a-f]{64}$/),
  receivedAt: isoTimeSchema,
});

export const resultUploadReplySchema = z.strictObject({
  receipt: z.string().min(1).max(1024),
  ...receiptPayloadSchema.shape,
});

export type ReceiptPayload = z.infer<typeof receiptPayloadSchema>;
export type ResultUploadReply = z.infer<typeof resultUploadReplySchema>;

/** The payload a receipt token carries, unverified (for display); null if it is not a receipt. */
export function decodeReceiptPayload(receipt: string, decodeBase64Url: (text: string) => string): ReceiptPayload | null {
  const parts = receipt.split('.');
  if (parts.length !== 3 || parts[0] !== RECEIPT_PREFIX || !parts[1]) return null;
  let json: unknown;
  try {
    json = JSON.parse(decodeBase64Url(parts[1]));
  } catch {
    // Not JSON: not one of our receipts.
    return null;
  }
  const parsed = receiptPayloadSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
