import { z } from 'zod';

/** Ids the hub issues (attempts, commands): opaque, URL- and file-name-safe. */
export const hubIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, "_" or "-"');

export const isoTimeSchema = z.iso.datetime({ offset: true });

/** Base64 of a 64-byte Ed25519 signature. */
export const ed25519SignatureSchema = z.base64().length(88);

/** One line people typed (names, ids): no control characters at all. */
export const plainText = (max: number) => z.string().max(max).regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Text people typed that may span lines (messages, reasons, comments). */
export const multilineText = (max: number) => z.string().max(max).refine((s) => !CONTROL_EXCEPT_WHITESPACE.test(s), 'must not contain control characters');
