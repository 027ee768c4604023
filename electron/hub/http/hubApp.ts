import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { BODY_LIMITS, IDEMPOTENCY_KEY_HEADER } from '../../../shared/hub/limits.js';
import { HUB_ROUTES, type HubOperationId, type HubRoute } from '../../../shared/hub/routes.js';
import { bearerToken } from '../auth/tokens.js';
import type { HubService } from '../hubService.js';
import { errorReply, HubHttpError } from './hubHttpError.js';
import { buildOpenApi, docsPage } from './openApi.js';
import type { RateLimits } from './rateLimits.js';

/**
 * The hub's Fastify app: the routes of shared/hub/routes.ts, each with its body limit and rate
 * limit, answering with exactly the statuses of DESIGN 8. Bodies are validated by the service
 * (zod); Fastify's own failures are mapped: bad JSON, a wrong content type, prototype-poisoning
 * keys -> 400, too large -> 413, rate limited -> 429. Anything else unexpected is a 500 and logged:
 * a bug, never a candidate's input.
 */
export interface HubAppOptions {
  service: HubService;
  version: string;
  rateLimits: RateLimits;
  https?: { cert: string; key: string };
  log: (line: string) => void;
}

type Handler = (req: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply) => Promise<unknown>;

export async function buildHubApp(options: HubAppOptions): Promise<FastifyInstance> {
  const { service, rateLimits, log } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMITS.default,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 128 },
    forceCloseConnections: true,
    return503OnClosing: true,
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key, minVersion: 'TLSv1.2' as const } } : {}),
  }) as unknown as FastifyInstance;

  await app.register(rateLimit, {
    global: false,
    cache: 20_000,
    errorResponseBuilder: (_req, context) => new HubHttpError(429, `rate limited: at most ${context.max} requests per ${context.after}; retry later`),
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: unknown, req, reply) => {
    const { status, body } = errorReply(error);
    if (status >= 500) log(`internal error on ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    void reply.code(status).type('application/json; charset=utf-8').send(body);
  });

  app.setNotFoundHandler(
    { preHandler: app.rateLimit({ max: rateLimits.notFound, timeWindow: 60_000 }) },
    (req, reply) => {
      void reply.code(404).send({ code: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0] ?? ''}` });
    },
  );

  const byToken = (req: FastifyRequest) => {
    const token = bearerToken(req.headers.authorization);
    return token === null ? `ip:${req.ip}` : `tok:${token}`;
  };
  const byIp = (req: FastifyRequest) => `ip:${req.ip}`;

  const attempt = (req: FastifyRequest<{ Params: { id?: string } }>) => service.authenticateAttempt(bearerToken(req.headers.authorization), req.params.id ?? '');
  const proctor = (req: FastifyRequest) => service.authenticateProctor(bearerToken(req.headers.authorization));

  const handlers: Record<HubOperationId, Handler> = {
    health: async () => ({ status: 'ok', version: options.version }),
    enroll: async (req, reply) => reply.code(201).send(await service.enroll(req.body)),
    heartbeat: async (req) => service.heartbeat(attempt(req), req.body),
    events: async (req) => service.events(attempt(req), req.body),
    putResult: async (req, reply) => {
      const a = attempt(req);
      const key = req.headers[IDEMPOTENCY_KEY_HEADER];
      const { created, reply: body } = await service.putResult(a, req.body, typeof key === 'string' ? key : undefined);
      return reply.code(created ? 201 : 200).send(body);
    },
    proctorLogin: async (req) => service.login(req.body),
    listAttempts: async (req) => {
      proctor(req);
      return service.summaries();
    },
    attemptDetail: async (req) => {
      proctor(req);
      return service.detail(req.params.id ?? '');
    },
    issueCommand: async (req, reply) => {
      const session = proctor(req);
      return reply.code(202).send(await service.issueCommand(session, req.params.id ?? '', req.body));
    },
    gradeEssay: async (req) => service.grade(proctor(req), req.params.id ?? '', req.body),
    resultsCsv: async (req, reply) => {
      proctor(req);
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="results-${service.exam.id}.csv"`)
        .send(service.resultsCsv());
    },
  };

  const limitOf = (route: HubRoute): { max: number; keyGenerator: (req: FastifyRequest) => string } => {
    switch (route.operationId as HubOperationId) {
      case 'health':
        return { max: rateLimits.health, keyGenerator: byIp };
      case 'enroll':
        return { max: rateLimits.enroll, keyGenerator: byIp };
      case 'proctorLogin':
        return { max: rateLimits.login, keyGenerator: byIp };
      case 'heartbeat':
        return { max: rateLimits.heartbeat, keyGenerator: byToken };
      case 'events':
        return { max: rateLimits.events, keyGenerator: byToken };
      case 'putResult':
        return { max: rateLimits.result, keyGenerator: byToken };
      default:
        return { max: rateLimits.proctor, keyGenerator: byToken };
    }
  };

  for (const route of HUB_ROUTES as readonly HubRoute[]) {
    const { max, keyGenerator } = limitOf(route);
    app.route({
      method: route.method,
      url: route.path,
      bodyLimit: route.bodyLimit,
      config: { rateLimit: { max, timeWindow: 60_000, keyGenerator } },
      handler: handlers[route.operationId as HubOperationId] as never,
    });
  }

  const openApi = buildOpenApi(options.version);
  app.get('/api/docs/openapi.json', { config: { rateLimit: { max: rateLimits.health, timeWindow: 60_000, keyGenerator: byIp } } }, async () => openApi);
  app.get('/api/docs', { config: { rateLimit: { max: rateLimits.health, timeWindow: 60_000, keyGenerator: byIp } } }, async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(docsPage(options.version)),
  );
  return app;
}
