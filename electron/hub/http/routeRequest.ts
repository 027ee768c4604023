import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { pathParamNames, type HubOperationId, type HubParamsOf, type HubRoute, type HubRouteOf } from '../../../shared/hub/routes.js';
import { notFound } from '../hubError.js';
import { parse } from '../hubService.js';

/** Longest path parameter the hub accepts (Fastify's maxParamLength is the same). */
export const MAX_PARAM_LENGTH = 128;

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A request as a route's handler sees it: checked against the route's entry in HUB_ROUTES. */
export interface RouteRequest<K extends HubOperationId> {
  params: HubParamsOf<K>;
  query: HubRouteOf<K> extends { query: infer S } ? Output<S> : undefined;
  body: HubRouteOf<K> extends { body: infer S } ? Output<S> : undefined;
}

/**
 * Validates a request against its route before the handler runs, the way `dispatch` does for the
 * candidate API: path parameters (a missing or oversized one names no resource: not-found), the
 * query against `route.query` (malformed, unknown keys too), the body against `route.body`
 * (malformed, with the failing fields). Routes without a query schema ignore the query string.
 */
export function validateRouteRequest<K extends HubOperationId>(route: HubRoute & { operationId: K }, req: FastifyRequest): RouteRequest<K> {
  const raw = (req.params ?? {}) as Record<string, unknown>;
  const params: Record<string, string> = {};
  for (const name of pathParamNames(route.path)) {
    const value = raw[name];
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PARAM_LENGTH) throw notFound(`no ${name} ${typeof value === 'string' ? value.slice(0, MAX_PARAM_LENGTH) : ''}`.trim());
    params[name] = value;
  }
  const query = route.query ? parse(route.query, req.query ?? {}, 'query') : undefined;
  const body = route.body ? parse(route.body, req.body, route.bodyRoot ?? 'body') : undefined;
  return { params, query, body } as RouteRequest<K>;
}
