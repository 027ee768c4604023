import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { hubRoute } from '../../../../../shared/hub/routes.js';
import { validateRouteRequest } from '../../../../../electron/hub/http/routeRequest.js';
import { HubError } from '../../../../../electron/hub/hubError.js';

/** Only the parts of a Fastify request the validation reads. */
const request = (parts: { params?: unknown; query?: unknown; body?: unknown }) => parts as unknown as FastifyRequest;

function failure(run: () => unknown): HubError {
  try {
    run();
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a HubError');
}

describe('validateRouteRequest (generic, from HUB_ROUTES)', () => {
  it('passes a request that matches the route: path parameters, query and body', () => {
    const v = validateRouteRequest(hubRoute('gradeEssay'), request({ params: { id: 'a1' }, body: { itemId: 'essay', criteria: ['c1'] } }));
    expect(v).toEqual({ params: { id: 'a1' }, query: undefined, body: { itemId: 'essay', criteria: ['c1'] } });
    expect(validateRouteRequest(hubRoute('listAttempts'), request({ params: {}, query: { sitting: 's1' } })).query).toEqual({ sitting: 's1' });
  });

  it('refuses a body that does not match the route schema as malformed, naming the field', () => {
    const error = failure(() => validateRouteRequest(hubRoute('issueCommand'), request({ params: { id: 'a1' }, body: { type: 'dance' } })));
    expect(error.code).toBe('malformed');
    expect(error.message).toContain('body');
    // The result route names its body "result", as the service always did.
    const result = failure(() => validateRouteRequest(hubRoute('putResult'), request({ params: { id: 'a1' }, body: {} })));
    expect(result.message).toContain('result');
  });

  it('refuses an unknown or bad query key on a route with a query schema, and ignores the query elsewhere', () => {
    expect(failure(() => validateRouteRequest(hubRoute('resultsCsv'), request({ params: {}, query: { sitting: 's1', limit: '5' } }))).code).toBe('malformed');
    expect(failure(() => validateRouteRequest(hubRoute('listAttempts'), request({ params: {}, query: { sitting: '../x' } }))).code).toBe('malformed');
    expect(validateRouteRequest(hubRoute('listSittings'), request({ params: {}, query: { anything: '1' } })).query).toBeUndefined();
  });

  it('treats an empty or oversized path parameter as naming nothing (not-found)', () => {
    expect(failure(() => validateRouteRequest(hubRoute('attemptDetail'), request({ params: { id: '' } }))).code).toBe('not-found');
    expect(failure(() => validateRouteRequest(hubRoute('blindGrade'), request({ params: { examId: 'e', code: 'x'.repeat(129) }, body: { itemId: 'essay', criteria: [] } }))).code).toBe('not-found');
  });
});
