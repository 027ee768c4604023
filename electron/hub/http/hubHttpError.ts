import { errorCodeForStatus } from '../../../shared/hub/hubErrors.js';
import type { ApiError } from '../../../shared/errors.js';

/** An expected failure with its HTTP status (DESIGN 8); the body is an ApiError. */
export class HubHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HubHttpError';
  }

  toBody(): ApiError {
    const body: ApiError = { code: errorCodeForStatus(this.status), message: this.message };
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

export const malformed = (message: string, details?: unknown) => new HubHttpError(400, message, details);
export const unauthorized = (message = 'missing or bad credentials') => new HubHttpError(401, message);
export const forbidden = (message: string) => new HubHttpError(403, message);
export const notFound = (message: string) => new HubHttpError(404, message);
export const conflict = (message: string, details?: unknown) => new HubHttpError(409, message, details);
export const badSignature = (message: string) => new HubHttpError(422, message);

/** The status and ApiError body for anything a handler, Fastify or a plugin threw. */
export function errorReply(error: unknown): { status: number; body: ApiError } {
  if (error instanceof HubHttpError) return { status: error.status, body: error.toBody() };
  const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number((error as { statusCode: unknown }).statusCode) : NaN;
  const message = error instanceof Error ? error.message : 'bad request';
  if (status === 413) return { status: 413, body: { code: errorCodeForStatus(413), message: 'the body is too large for this route' } };
  if (status === 429) return { status: 429, body: { code: errorCodeForStatus(429), message } };
  // Fastify's request errors (bad JSON, __proto__ keys, a wrong content type: 415) are malformed requests.
  if (status >= 400 && status < 500) return { status: 400, body: { code: errorCodeForStatus(400), message } };
  return { status: 500, body: { code: 'internal', message: 'internal error (logged on the hub)' } };
}
