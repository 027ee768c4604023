import { describe, expect, it } from 'vitest';
import { HUB_STATUS_BY_CODE, hubErrorCodeSchema } from '../../../../../shared/hub/hubErrors.js';
import { hubRoute } from '../../../../../shared/hub/routes.js';
import { errorReply } from '../../../../../electron/hub/http/errorReply.js';
import { conflict, forbidden, HubError, internal, malformed, notFound, unavailable } from '../../../../../electron/hub/hubError.js';

describe('errorReply: HubError codes to statuses', () => {
  it('maps every code to its status and an ApiError body with the message and details', () => {
    for (const code of hubErrorCodeSchema.options) expect(errorReply(new HubError(code, 'm')).status).toBe(HUB_STATUS_BY_CODE[code]);
    expect(errorReply(conflict('taken', { seq: 3 }))).toEqual({ status: 409, body: { code: 'conflict', message: 'taken', details: { seq: 3 } } });
    expect(errorReply(malformed('bad'))).toEqual({ status: 400, body: { code: 'invalid-params', message: 'bad' } });
    expect(errorReply(notFound('gone')).body.code).toBe('not-found');
  });

  it('answers the statuses the route declares, and a 500 naming the leak for one it does not', () => {
    const detail = hubRoute('attemptDetail');
    expect(errorReply(forbidden('role'), detail).status).toBe(403);
    // attemptDetail never answers 503: a code that maps to it is the hub's bug, not the caller's.
    const leaked = errorReply(unavailable('no chromium'), detail);
    expect(leaked.status).toBe(500);
    expect(leaked.body).toEqual({ code: 'internal', message: 'internal error (logged on the hub)' });
    expect(leaked.undeclared).toContain('unavailable (503)');
    expect(errorReply(unavailable('no chromium'), hubRoute('attemptReportPdf')).status).toBe(503);
    // 429 and 500 are possible on every route.
    expect(errorReply(new HubError('rate-limited', 'slow down'), hubRoute('health')).status).toBe(429);
    expect(errorReply(internal('vanished'), hubRoute('health')).undeclared).toBeUndefined();
  });

  it("maps Fastify's own failures: 413 stays, other 4xx are malformed, anything else is an internal error", () => {
    const fastifyError = (statusCode: number) => Object.assign(new Error('fastify says no'), { statusCode });
    expect(errorReply(fastifyError(413)).status).toBe(413);
    expect(errorReply(fastifyError(415))).toEqual({ status: 400, body: { code: 'invalid-params', message: 'fastify says no' } });
    expect(errorReply(new TypeError('x is undefined')).status).toBe(500);
  });
});
