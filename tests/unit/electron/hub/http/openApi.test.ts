import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../../../electron/hub/http/openApi.js';
import { HUB_ROUTES, openApiPath, type HubRoute } from '../../../../../shared/hub/routes.js';

type Operation = { operationId: string; parameters: Array<{ name: string; in: string; required: boolean; schema: Record<string, unknown> }>; responses: Record<string, unknown> };

describe('buildOpenApi (from the route table)', () => {
  const doc = buildOpenApi('9.9.9') as { paths: Record<string, Record<string, Operation>> };
  const operation = (route: HubRoute) => doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase()] as Operation;

  it('has every route of the table with exactly its success and error statuses', () => {
    for (const route of HUB_ROUTES as readonly HubRoute[]) {
      const op = operation(route);
      expect(op.operationId).toBe(route.operationId);
      const statuses = new Set([String(route.status), ...route.errors.map(String), '429']);
      if (route.operationId === 'putResult') statuses.add('200');
      expect(new Set(Object.keys(op.responses))).toEqual(statuses);
    }
  });

  it("documents a route's query parameters from the schema that validates them", () => {
    const list = operation(HUB_ROUTES.find((r) => r.operationId === 'listAttempts') as HubRoute);
    const sitting = list.parameters.find((p) => p.in === 'query');
    expect(sitting).toMatchObject({ name: 'sitting', required: false, schema: { type: 'string', pattern: '^s[A-Za-z0-9_-]{1,40}$' } });
  });
});
