import { z } from 'zod';
import { apiErrorSchema } from '../../../shared/errors.js';
import { HUB_ERROR_STATUSES } from '../../../shared/hub/hubErrors.js';
import { HUB_LIVE_CHANNELS, HUB_ROUTES, openApiPath, type HubRoute } from '../../../shared/hub/routes.js';

/**
 * The OpenAPI 3.1 document of the hub, generated from the route table and the shared zod schemas
 * (z.toJSONSchema: OpenAPI 3.1 uses JSON Schema 2020-12 as is), served at /api/docs/openapi.json.
 */
export function buildOpenApi(version: string): Record<string, unknown> {
  const schema = (s: z.ZodType, io: 'input' | 'output') => {
    const json = z.toJSONSchema(s, { unrepresentable: 'any', io }) as Record<string, unknown>;
    delete json.$schema;
    return json;
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of HUB_ROUTES as readonly HubRoute[]) {
    const parameters: unknown[] = [];
    if (route.path.includes(':id')) parameters.push({ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'attempt id' });
    if (route.path.includes(':examId')) parameters.push({ name: 'examId', in: 'path', required: true, schema: { type: 'string' }, description: 'exam id (the one this hub serves)' });
    if (route.path.includes(':code')) parameters.push({ name: 'code', in: 'path', required: true, schema: { type: 'string' }, description: 'blind code of an answer (K7QF-2M9X)' });
    for (const [name, description] of Object.entries(route.headers ?? {})) parameters.push({ name, in: 'header', required: true, schema: { type: 'string' }, description });
    if (route.query) {
      // The same schema validates the query on the hub (routeRequest.ts); each field is a parameter.
      const query = schema(route.query, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
      for (const [name, property] of Object.entries(query.properties ?? {})) {
        const { description, ...rest } = property;
        parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema: rest, ...(typeof description === 'string' ? { description } : {}) });
      }
    }
    const responses: Record<string, unknown> = {
      [String(route.status)]: {
        description: 'success',
        content:
          typeof route.reply === 'string'
            ? { [route.reply]: { schema: { type: 'string', ...(route.reply === 'application/pdf' ? { format: 'binary' } : {}) } } }
            : { 'application/json': { schema: schema(route.reply, 'output') } },
      },
    };
    if (route.operationId === 'putResult') responses['200'] = { description: 'the same result again: the same receipt', content: (responses['201'] as { content: unknown }).content };
    for (const status of [...route.errors, 429]) {
      responses[String(status)] = {
        description: HUB_ERROR_STATUSES[status as keyof typeof HUB_ERROR_STATUSES],
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
      };
    }
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      parameters,
      responses,
      'x-body-limit-bytes': route.bodyLimit,
    };
    if (route.auth === 'attempt') operation.security = [{ attemptToken: [] }];
    if (route.auth === 'proctor') operation.security = [{ proctorToken: [] }];
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: schema(route.body, 'input') } } };
    const path = openApiPath(route.path);
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil hub',
      version,
      description: `The hub protocol (DESIGN 8). Live WebSocket channels: ${HUB_LIVE_CHANNELS.map((c) => `${c.path} (${c.summary})`).join('; ')}.`,
    },
    paths,
    components: {
      securitySchemes: {
        attemptToken: { type: 'http', scheme: 'bearer', description: 'the token from POST /api/v1/enroll' },
        proctorToken: { type: 'http', scheme: 'bearer', description: 'the token from POST /api/v1/proctor/login' },
      },
      schemas: { ApiError: schema(apiErrorSchema, 'output') },
    },
  };
}

/** A plain page listing the routes (no scripts, no CDN). */
export function docsPage(version: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const rows = (HUB_ROUTES as readonly HubRoute[])
    .map((r) => `<tr><td>${r.method}</td><td><code>${esc(r.path)}</code></td><td>${r.auth}</td><td>${r.status}</td><td>${[...r.errors, 429].join(', ')}</td><td>${esc(r.summary)}</td></tr>`)
    .join('\n');
  const live = HUB_LIVE_CHANNELS.map((c) => `<tr><td>WS</td><td><code>${esc(c.path)}</code></td><td>${c.auth}</td><td>101</td><td>401, 403, 404</td><td>${esc(c.summary)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigil hub API ${esc(version)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>
</head><body>
<h1>Vigil hub API</h1>
<p>Version ${esc(version)}. Machine-readable: <a href="/api/docs/openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>method</th><th>path</th><th>auth</th><th>success</th><th>errors</th><th>what</th></tr></thead>
<tbody>
${rows}
${live}
</tbody></table>
<p>Errors are <code>{code, message, details?}</code>. ${Object.entries(HUB_ERROR_STATUSES)
    .map(([s, d]) => `${s}: ${esc(d)}`)
    .join('; ')}.</p>
</body></html>
`;
}
