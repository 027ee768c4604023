import type { ApiError } from '../../../shared/errors.js';
import { errorCodeForStatus, HUB_STATUS_BY_CODE } from '../../../shared/hub/hubErrors.js';
import type { HubRoute } from '../../../shared/hub/routes.js';
import { HubError } from '../hubError.js';

/** Statuses any route may answer besides its own `errors`: rate limiting and the hub's own bugs. */
const ALWAYS = new Set<number>([429, 500]);

/**
 * The status and ApiError body for anything a handler, Fastify or a plugin threw. A HubError's
 * code becomes its status here (HUB_STATUS_BY_CODE); given the route, a status the route table
 * does not declare is the hub's bug (its OpenAPI document would be wrong), so it is a 500 and
 * `undeclared` says which code leaked.
 */
export function errorReply(error: unknown, route?: Pick<HubRoute, 'errors'>): { status: number; body: ApiError; undeclared?: string } {
  if (error instanceof HubError) {
    const status: number = HUB_STATUS_BY_CODE[error.code];
    if (route && !ALWAYS.has(status) && !route.errors.includes(status)) {
      return { status: 500, body: { code: 'internal', message: 'internal error (logged on the hub)' }, undeclared: `${error.code} (${status}): ${error.message}` };
    }
    const body: ApiError = { code: errorCodeForStatus(status), message: error.message };
    if (error.details !== undefined) body.details = error.details;
    return { status, body };
  }
  const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number((error as { statusCode: unknown }).statusCode) : NaN;
  const message = error instanceof Error ? error.message : 'bad request';
  if (status === 413) return { status: 413, body: { code: errorCodeForStatus(413), message: 'the body is too large for this route' } };
  if (status === 429) return { status: 429, body: { code: errorCodeForStatus(429), message } };
  // Fastify's request errors (bad JSON, __proto__ keys, a wrong content type: 415) are malformed requests.
  if (status >= 400 && status < 500) return { status: 400, body: { code: errorCodeForStatus(400), message } };
  return { status: 500, body: { code: 'internal', message: 'internal error (logged on the hub)' } };
}
