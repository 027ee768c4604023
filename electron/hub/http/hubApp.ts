import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { BODY_LIMITS, IDEMPOTENCY_KEY_HEADER } from '../../../shared/hub/limits.js';
import { HUB_ROUTES, type HubOperationId, type HubRoute } from '../../../shared/hub/routes.js';
import { bearerToken } from '../auth/tokens.js';
import type { HubService } from '../hubService.js';
import { ROUTE_ROLES } from '../../../shared/hub/roles.js';
import { discardRequestBody } from './discardBody.js';
import { HubError, rateLimited } from '../hubError.js';
import { errorReply } from './errorReply.js';
import { buildOpenApi, docsPage } from './openApi.js';
import { MAX_PARAM_LENGTH, validateRouteRequest, type RouteRequest } from './routeRequest.js';
import { TokenRateLimiter } from './tokenRateLimiter.js';
import type { RateLimits } from './rateLimits.js';

/**
 * The hub's Fastify app: the routes of shared/hub/routes.ts, each with its body limit and rate
 * limit, answering with exactly the statuses of DESIGN 8. Every request is validated against its
 * route's schemas before the handler runs (routeRequest.ts); the service throws HubError codes and
 * errorReply maps them to the statuses the route declares. Fastify's own failures are mapped: bad
 * JSON, a wrong content type, prototype-poisoning keys -> 400, too large -> 413, rate limited ->
 * 429. Anything else unexpected is a 500 and logged: a bug, never a candidate's input.
 */
export interface HubAppOptions {
  service: HubService;
  version: string;
  rateLimits: RateLimits;
  https?: { cert: string; key: string };
  log: (line: string) => void;
}

/** How much of a too-large body is read and thrown away before the 413 (twice the largest limit). */
const DISCARD_MAX_BYTES = 2 * Math.max(...Object.values(BODY_LIMITS));
const DISCARD_TIMEOUT_MS = 30_000;

const HOT_ROUTES = new Set(['/api/v1/attempts/:id/heartbeats', '/api/v1/attempts/:id/events']);
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' } as const;

/**
 * One handler per route, given the request as validated against that route. A handler may answer
 * without a promise (the heartbeat does when it can: hubService.heartbeatFor); Fastify sends a
 * value returned at once and turns a throw into the error handler's reply, as it does a rejection.
 */
type Handlers = { [K in HubOperationId]: (v: RouteRequest<K>, req: FastifyRequest, reply: FastifyReply) => unknown };

const routeKey = (method: string, url: string) => `${method} ${url}`;
const ROUTE_BY_KEY = new Map((HUB_ROUTES as readonly HubRoute[]).map((r) => [routeKey(r.method, r.path), r]));

export async function buildHubApp(options: HubAppOptions): Promise<FastifyInstance> {
  const { service, rateLimits, log } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMITS.default,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    forceCloseConnections: true,
    return503OnClosing: true,
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key, minVersion: 'TLSv1.2' as const } } : {}),
  }) as unknown as FastifyInstance;

  await app.register(rateLimit, {
    global: false,
    cache: 20_000,
    // The limit headers on every success cost more than they tell a client that backs off anyway;
    // a 429 still carries them and Retry-After.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    errorResponseBuilder: (_req, context) => rateLimited(`rate limited: at most ${context.max} requests per ${context.after}; retry later`),
  });

  // Browser-facing hardening for every reply but the two a browser never reads (heartbeats and
  // events go to the sync client), which are the hot path: callback style, no promise per reply.
  const securityHeaders = (_req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
    reply.headers(SECURITY_HEADERS);
    done(null, payload);
  };
  app.addHook('onRoute', (route) => {
    if (HOT_ROUTES.has(route.url)) return;
    route.onSend = route.onSend ? [...(Array.isArray(route.onSend) ? route.onSend : [route.onSend]), securityHeaders] : [securityHeaders];
  });

  app.setErrorHandler(async (error: unknown, req, reply) => {
    const route = req.routeOptions.url === undefined ? undefined : ROUTE_BY_KEY.get(routeKey(req.method, req.routeOptions.url));
    const { status, body, undeclared } = errorReply(error, route);
    if (undeclared !== undefined) log(`route table bug: ${req.method} ${route?.path ?? req.url} answered ${undeclared}, which its errors do not declare`);
    else if (status >= 500) log(`internal error on ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    // A body refused for its size is still arriving: take it in (bounded) so the client reads the 413.
    // A 413 the service raised (the journal cap) came after the whole body was read.
    if (status === 413 && !(error instanceof HubError)) await discardRequestBody(req.raw, DISCARD_MAX_BYTES, DISCARD_TIMEOUT_MS);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });

  app.setNotFoundHandler(
    { preHandler: app.rateLimit({ max: rateLimits.notFound, timeWindow: 60_000 }) },
    (req, reply) => {
      void reply.code(404).send({ code: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0] ?? ''}` });
    },
  );

  const byIp = (req: FastifyRequest) => `ip:${req.ip}`;
  const perToken = {
    heartbeat: new TokenRateLimiter(rateLimits.heartbeat),
    events: new TokenRateLimiter(rateLimits.events),
    putResult: new TokenRateLimiter(rateLimits.result),
    proctor: new TokenRateLimiter(rateLimits.proctor),
  };
  /**
   * Per token (per IP without a well-formed one); 429 with Retry-After when over the limit.
   * Returns the token, read once for the limit and the authentication.
   */
  const limit = (limiter: TokenRateLimiter, req: FastifyRequest, reply: FastifyReply): string | null => {
    const token = bearerToken(req.headers.authorization);
    const waitMs = limiter.hit(token === null ? `ip:${req.ip}` : token, req.ip);
    if (waitMs > 0) {
      void reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
      throw rateLimited(`rate limited: retry in ${Math.ceil(waitMs / 1000)} s`);
    }
    return token;
  };

  const attempt = (limiter: TokenRateLimiter, attemptId: string, req: FastifyRequest, reply: FastifyReply) =>
    service.authenticateAttempt(limit(limiter, req, reply), attemptId);
  /** A session allowed this route (401 without one, 403 for a role the route table refuses). */
  const proctor = (req: FastifyRequest, reply: FastifyReply, operation: keyof typeof ROUTE_ROLES) =>
    service.authenticateProctor(limit(perToken.proctor, req, reply), ROUTE_ROLES[operation]);

  const handlers: Handlers = {
    health: async () => ({ status: 'ok', version: options.version }),
    enroll: async (v, _req, reply) => reply.code(201).send(await service.enroll(v.body)),
    heartbeat: (v, req, reply) => service.heartbeatFor(limit(perToken.heartbeat, req, reply), v.params.id, v.body),
    events: async (v, req, reply) => service.eventsFor(limit(perToken.events, req, reply), v.params.id, v.body),
    putResult: async (v, req, reply) => {
      const a = await attempt(perToken.putResult, v.params.id, req, reply);
      const key = req.headers[IDEMPOTENCY_KEY_HEADER];
      // The raw body, not the parsed one: the signature is checked over what the candidate sent.
      const { created, reply: body } = await service.putResult(a, req.body, typeof key === 'string' ? key : undefined);
      return reply.code(created ? 201 : 200).send(body);
    },
    proctorLogin: async (v) => service.login(v.body),
    listAttempts: async (v, req, reply) => {
      const session = await proctor(req, reply, 'listAttempts');
      return (await service.summaries({ sittingId: v.query.sitting })).map((s) => service.viewFor(session, s));
    },
    listSittings: async (_v, req, reply) => {
      await proctor(req, reply, 'listSittings');
      return service.sittingAdmin.list();
    },
    createSitting: async (v, req, reply) => reply.code(201).send(await service.sittingAdmin.create(await proctor(req, reply, 'createSitting'), v.body)),
    closeSitting: async (v, req, reply) => service.sittingAdmin.close(await proctor(req, reply, 'closeSitting'), v.params.id),
    attemptDetail: async (v, req, reply) => {
      const session = await proctor(req, reply, 'attemptDetail');
      const detail = await service.detail(v.params.id, v.query);
      return { ...detail, summary: service.viewFor(session, detail.summary) };
    },
    allowReenroll: async (v, req, reply) => service.allowReenroll(await proctor(req, reply, 'allowReenroll'), v.params.id, v.body.deviceFingerprint),
    issueCommand: async (v, req, reply) => {
      const session = await proctor(req, reply, 'issueCommand');
      return reply.code(202).send(await service.issueCommand(session, v.params.id, v.body));
    },
    gradeEssay: async (v, req, reply) => service.grade(await proctor(req, reply, 'gradeEssay'), v.params.id, v.body),
    resultsCsv: async (v, req, reply) => {
      await proctor(req, reply, 'resultsCsv');
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="results-${service.exam.id}.csv"`)
        .send(await service.resultsCsv(v.query.sitting));
    },
    itemStats: async (v, req, reply) => {
      await proctor(req, reply, 'itemStats');
      return service.reports.itemStats(v.params.examId);
    },
    examInfo: async (_v, req, reply) => {
      await proctor(req, reply, 'examInfo');
      return service.reports.examInfo();
    },
    cohort: async (v, req, reply) => {
      await proctor(req, reply, 'cohort');
      return service.reports.cohort(v.params.examId, v.query.sitting);
    },
    similarity: async (v, req, reply) => {
      await proctor(req, reply, 'similarity');
      return service.reports.similarity(v.params.examId);
    },
    blindQueue: async (v, req, reply) => service.reports.blindQueue(await proctor(req, reply, 'blindQueue'), v.params.examId),
    blindGrade: async (v, req, reply) => service.reports.blindGrade(await proctor(req, reply, 'blindGrade'), v.params.examId, v.params.code, v.body),
    attemptReportJson: async (v, req, reply) => {
      await proctor(req, reply, 'attemptReportJson');
      return service.reports.candidateReport(v.params.id);
    },
    attemptReport: async (v, req, reply) => {
      await proctor(req, reply, 'attemptReport');
      const html = await service.reports.candidateReportHtml(v.params.id);
      // The report has no script; its links stay on the hub's origin.
      return reply.type('text/html; charset=utf-8').header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'").send(html);
    },
    attemptReportPdf: async (v, req, reply) => {
      await proctor(req, reply, 'attemptReportPdf');
      const pdf = await service.reports.candidateReportPdf(v.params.id);
      return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="report-${v.params.id}.pdf"`).send(pdf);
    },
    cohortCsv: async (v, req, reply) => {
      await proctor(req, reply, 'cohortCsv');
      const csv = await service.reports.cohortCsv(v.params.examId, v.query.sitting);
      return reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="cohort-${service.exam.id}.csv"`).send(csv);
    },
  };

  /** The @fastify/rate-limit settings of the per-IP routes; the others count per token above. */
  const ipLimit = (route: HubRoute): number | null => {
    switch (route.operationId as HubOperationId) {
      case 'health':
        return rateLimits.health;
      case 'enroll':
        return rateLimits.enroll;
      case 'proctorLogin':
        return rateLimits.login;
      default:
        return null;
    }
  };

  for (const route of HUB_ROUTES as readonly HubRoute[]) {
    const max = ipLimit(route);
    app.route({
      method: route.method,
      url: route.path,
      bodyLimit: route.bodyLimit,
      ...(max === null ? {} : { config: { rateLimit: { max, timeWindow: 60_000, keyGenerator: byIp } } }),
      // Validation first, as dispatch does for the candidate API: a handler only sees a request
      // that matches its route's schemas. Not async: a refusal thrown here reaches the error
      // handler all the same, and a handler's own promise is the only one.
      handler: (req: FastifyRequest, reply: FastifyReply) => {
        const handler = handlers[route.operationId as HubOperationId] as (v: RouteRequest<HubOperationId>, req: FastifyRequest, reply: FastifyReply) => unknown;
        return handler(validateRouteRequest(route as HubRoute & { operationId: HubOperationId }, req), req, reply);
      },
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
