import { describe, expect, it } from 'vitest';
import { HUB_ROUTES, hubRoute, pathParamNames, routePath, type HubRoute } from '../../../../shared/hub/routes.js';

describe('the route table helpers', () => {
  it('finds a route by operationId; each operationId is there once', () => {
    expect(hubRoute('blindGrade').path).toBe('/api/v1/proctor/exams/:examId/blind-grading/:code');
    const ids = HUB_ROUTES.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names path parameters and fills them in as single encoded segments', () => {
    expect(pathParamNames('/api/v1/proctor/exams/:examId/blind-grading/:code')).toEqual(['examId', 'code']);
    expect(routePath('/api/v1/proctor/attempts/:id/commands', { id: 'a/../b' })).toBe('/api/v1/proctor/attempts/a%2F..%2Fb/commands');
    expect(() => routePath('/api/v1/proctor/attempts/:id', {})).toThrow('missing path parameter id');
  });

  it('declares what authentication can answer: 401 on every authenticated route, 403 where a role or another attempt is refused', () => {
    for (const route of HUB_ROUTES as readonly HubRoute[]) {
      if (route.auth === 'none') continue;
      expect(route.errors, route.operationId).toContain(401);
      if (route.auth === 'proctor' || route.auth === 'attempt') expect(route.errors, route.operationId).toContain(403);
    }
  });

  it('declares 404 on every route with a path parameter (a parameter that names nothing)', () => {
    for (const route of HUB_ROUTES as readonly HubRoute[]) if (pathParamNames(route.path).length > 0) expect(route.errors, route.operationId).toContain(404);
  });
});
