import type { HubErrorCode } from '../../shared/hub/hubErrors.js';

/**
 * An expected failure of the hub's service, named by its code (shared/hub/hubErrors.ts). The
 * service knows nothing of HTTP: the HTTP layer and the live channels map the code to a status
 * (electron/hub/http/errorReply.ts).
 */
export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export const malformed = (message: string, details?: unknown) => new HubError('malformed', message, details);
export const unauthorized = (message = 'missing or bad credentials') => new HubError('unauthenticated', message);
export const forbidden = (message: string) => new HubError('forbidden', message);
export const notFound = (message: string) => new HubError('not-found', message);
export const conflict = (message: string, details?: unknown) => new HubError('conflict', message, details);
export const badSignature = (message: string) => new HubError('bad-signature', message);
export const rateLimited = (message: string) => new HubError('rate-limited', message);
export const unavailable = (message: string) => new HubError('unavailable', message);
export const internal = (message: string) => new HubError('internal', message);
