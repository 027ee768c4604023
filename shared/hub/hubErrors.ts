import { z } from 'zod';
import type { ErrorCode } from '../errors.js';

/**
 * Hub status codes (DESIGN 8) and the error body. Every error reply is an ApiError
 * (`{code, message, details?}`, shared/errors.ts); the status says what kind of failure it is:
 */
export const HUB_ERROR_STATUSES = {
  400: 'malformed request (bad JSON, wrong shape, missing Idempotency-Key, wrong content type)',
  401: 'missing or bad credentials (token, access code, password)',
  403: 'not allowed: a valid token for another attempt, a role the route refuses, a closed sitting',
  404: 'unknown attempt or route',
  409: 'conflicts with stored data (a different result, a broken journal chain)',
  413: 'body too large',
  422: 'bad signature (result or enrollment proof)',
  429: 'rate limited',
  503: 'this hub cannot do it here (a PDF report without Chromium on its machine)',
} as const;

export type HubErrorStatus = keyof typeof HUB_ERROR_STATUSES | 500 | 503;

/** The ApiError code that goes with a status. */
export function errorCodeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return 'invalid-params';
    case 401:
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 409:
      return 'conflict';
    case 429:
    case 503:
      return 'unavailable';
    default:
      return 'internal';
  }
}

/**
 * What the hub's service throws: a code naming the failure, not an HTTP status. The HTTP layer
 * (electron/hub/http/errorReply.ts) turns it into the status below, checked against the route's
 * `errors` in shared/hub/routes.ts; the live channels use the same mapping for their refusals.
 */
export const hubErrorCodeSchema = z.enum(['malformed', 'unauthenticated', 'forbidden', 'not-found', 'conflict', 'too-large', 'bad-signature', 'rate-limited', 'internal', 'unavailable']);
export type HubErrorCode = z.infer<typeof hubErrorCodeSchema>;

export const HUB_STATUS_BY_CODE = {
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'bad-signature': 422,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<HubErrorCode, HubErrorStatus>;
