import { z } from 'zod';
import { commandReplySchema, commandRequestSchema } from './commands.js';
import { enrollReplySchema, enrollRequestSchema } from './enrollment.js';
import { eventsReplySchema, eventsRequestSchema } from './events.js';
import { heartbeatReplySchema, heartbeatSchema } from './heartbeat.js';
import { BODY_LIMITS } from './limits.js';
import { allowReenrollReplySchema, allowReenrollRequestSchema, attemptDetailSchema, detailQuerySchema, attemptListReplySchema, gradeReplySchema, gradeRequestSchema, loginReplySchema, loginRequestSchema } from './proctor.js';
import { resultUploadReplySchema } from './receipt.js';
import { resultSchema } from '../result.js';
import { itemStatsReplySchema } from './itemStats.js';
import { cohortReplySchema, examInfoSchema } from './cohort.js';
import { similarityReplySchema } from './similarity.js';
import { candidateReportSchema } from './candidateReport.js';
import { blindGradeReplySchema, blindQueueReplySchema } from './blindGrading.js';
import { createSittingRequestSchema, sittingListReplySchema, sittingQuerySchema, sittingSchema } from './sittings.js';

/**
 * The hub's HTTP routes (DESIGN 8 table), as data: the server registers exactly these and
 * validates every request against them before a handler runs (path parameters, `query`, `body`),
 * answers only the statuses in `errors` (plus 429 and 500), the OpenAPI document and the docs page
 * are generated from them, the dashboard's client (`callRoute`) is typed by them, and the route
 * tests walk them.
 */
export type HubAuth = 'none' | 'access-code' | 'attempt' | 'proctor';

export interface HubRoute {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT';
  /** Fastify-style path (`:id`). */
  path: string;
  auth: HubAuth;
  summary: string;
  body?: z.ZodType;
  /** The name validation errors give the body (`result.answers...` reads better than `body.`). */
  bodyRoot?: string;
  bodyLimit: number;
  /** The success status (result upload: 201 first, 200 for the same result again). */
  status: number;
  reply: z.ZodType | 'text/csv' | 'text/html' | 'application/pdf';
  /** Error statuses this route can answer besides 429. */
  errors: readonly number[];
  /** Extra request headers. */
  headers?: Readonly<Record<string, string>>;
  /** Query parameters: a strict object of optional strings (each field's description is documented). */
  query?: z.ZodObject;
}

/** `sitting=`: one sitting of the exam version (an id like `s3f9...`). */
const sittingQuery = (description: string) => z.strictObject({ sitting: sittingQuerySchema.shape.sitting.describe(description) });

export const healthReplySchema = z.strictObject({ status: z.literal('ok'), version: z.string() });
export type HealthReply = z.infer<typeof healthReplySchema>;

const P = '/api/v1';

export const HUB_ROUTES = [
  { operationId: 'health', method: 'GET', path: `${P}/health`, auth: 'none', summary: 'Liveness and version', bodyLimit: BODY_LIMITS.default, status: 200, reply: healthReplySchema, errors: [] },
  {
    operationId: 'enroll',
    method: 'POST',
    path: `${P}/enroll`,
    auth: 'access-code',
    summary: 'Enroll a candidate device; re-enrolling the same candidate and device returns the same attempt',
    body: enrollRequestSchema,
    bodyLimit: BODY_LIMITS.enroll,
    status: 201,
    reply: enrollReplySchema,
    errors: [400, 401, 403, 409, 413, 422],
  },
  {
    operationId: 'heartbeat',
    method: 'POST',
    path: `${P}/attempts/:id/heartbeats`,
    auth: 'attempt',
    summary: 'Live status up; pending commands, server time and the acknowledged journal seq down',
    body: heartbeatSchema,
    bodyLimit: BODY_LIMITS.heartbeat,
    status: 200,
    reply: heartbeatReplySchema,
    errors: [400, 401, 403, 404, 413],
  },
  {
    operationId: 'events',
    method: 'POST',
    path: `${P}/attempts/:id/events`,
    auth: 'attempt',
    summary: 'Journal entries in seq order; idempotent by seq; 409 on a broken chain',
    body: eventsRequestSchema,
    bodyLimit: BODY_LIMITS.events,
    status: 200,
    reply: eventsReplySchema,
    errors: [400, 401, 403, 404, 409, 413],
  },
  {
    operationId: 'putResult',
    method: 'PUT',
    path: `${P}/attempts/:id/result`,
    auth: 'attempt',
    summary: 'The sealed, signed result: 201 and a receipt; the same result again: 200 and the same receipt',
    body: resultSchema,
    bodyRoot: 'result',
    bodyLimit: BODY_LIMITS.result,
    status: 201,
    reply: resultUploadReplySchema,
    errors: [400, 401, 403, 404, 409, 413, 422],
    headers: { 'Idempotency-Key': 'required: the same key for every retry of one upload (8-128 of A-Z a-z 0-9 _ . : -)' },
  },
  {
    operationId: 'proctorLogin',
    method: 'POST',
    path: `${P}/proctor/login`,
    auth: 'none',
    summary: 'Proctor password to a bearer token (expires after 12 hours)',
    body: loginRequestSchema,
    bodyLimit: BODY_LIMITS.login,
    status: 200,
    reply: loginReplySchema,
    errors: [400, 401, 413],
  },
  {
    operationId: 'listAttempts',
    method: 'GET',
    path: `${P}/proctor/attempts`,
    auth: 'proctor',
    summary: 'Every attempt (or one sitting\'s), summarised',
    bodyLimit: BODY_LIMITS.default,
    status: 200,
    reply: attemptListReplySchema,
    errors: [400, 401, 403, 404],
    query: sittingQuery("only this sitting's attempts"),
  },
  { operationId: 'listSittings', method: 'GET', path: `${P}/proctor/sittings`, auth: 'proctor', summary: 'Every sitting: exam version, access code, window, closed or not, attempts enrolled', bodyLimit: BODY_LIMITS.default, status: 200, reply: sittingListReplySchema, errors: [401, 403] },
  {
    operationId: 'createSitting',
    method: 'POST',
    path: `${P}/proctor/sittings`,
    auth: 'proctor',
    summary: "Add a sitting: a name, an access code (generated when none is given), an optional window, and one of the packages the hub serves (default: the hub's exam)",
    body: createSittingRequestSchema,
    bodyLimit: BODY_LIMITS.default,
    status: 201,
    reply: sittingSchema,
    // 409: the access code is another sitting's, or the named package's folder no longer holds it.
    errors: [400, 401, 403, 409, 413],
  },
  {
    operationId: 'closeSitting',
    method: 'POST',
    path: `${P}/proctor/sittings/:id/close`,
    auth: 'proctor',
    summary: 'End enrollment with the sitting\'s code (attempts already enrolled go on); 409 if it is closed already',
    bodyLimit: BODY_LIMITS.default,
    status: 200,
    reply: sittingSchema,
    errors: [401, 403, 404, 409],
  },
  {
    operationId: 'attemptDetail',
    method: 'GET',
    path: `${P}/proctor/attempts/:id`,
    auth: 'proctor',
    summary: 'One attempt: timeline, violations, commands, graded result, essays with their rubric',
    bodyLimit: BODY_LIMITS.default,
    status: 200,
    reply: attemptDetailSchema,
    errors: [400, 401, 403, 404],
    query: detailQuerySchema,
  },
  {
    operationId: 'allowReenroll',
    method: 'POST',
    path: `${P}/proctor/attempts/:id/allow-reenroll`,
    auth: 'proctor',
    summary: "Let the device that asked (its key fingerprint, as shown) enroll as this attempt's candidate (for 30 minutes); the new attempt replaces this one, whose tokens are revoked; 409 when another device asked since",
    bodyLimit: BODY_LIMITS.default,
    body: allowReenrollRequestSchema,
    status: 200,
    reply: allowReenrollReplySchema,
    errors: [400, 401, 403, 404, 409],
  },
  {
    operationId: 'issueCommand',
    method: 'POST',
    path: `${P}/proctor/attempts/:id/commands`,
    auth: 'proctor',
    summary: 'Issue a command to a candidate (journaled with who issued it)',
    body: commandRequestSchema,
    bodyLimit: BODY_LIMITS.command,
    status: 202,
    reply: commandReplySchema,
    errors: [400, 401, 403, 404, 409, 413],
  },
  {
    operationId: 'gradeEssay',
    method: 'POST',
    path: `${P}/proctor/attempts/:id/grades`,
    auth: 'proctor',
    summary: 'Grade an essay against its rubric; returns the updated graded result',
    body: gradeRequestSchema,
    bodyLimit: BODY_LIMITS.grade,
    status: 200,
    reply: gradeReplySchema,
    errors: [400, 401, 403, 404, 409, 413],
  },
  {
    operationId: 'resultsCsv',
    method: 'GET',
    path: `${P}/proctor/results.csv`,
    auth: 'proctor',
    summary: 'One row per attempt: scores, skills, pending manual grading',
    bodyLimit: BODY_LIMITS.default,
    status: 200,
    reply: 'text/csv',
    errors: [400, 401, 403, 404],
    query: sittingQuery('only this sitting (default: every sitting of the exam version the hub was started with)'),
  },
  // Reports (issue 20, docs/reports.md).
  {
    operationId: 'itemStats',
    method: 'GET',
    path: `${P}/proctor/exams/:examId/item-stats`,
    auth: 'proctor',
    summary: "Item statistics over the graded results: facility, discrimination, option frequencies, Cronbach's alpha and SEM",
    bodyLimit: BODY_LIMITS.default,
    status: 200,
    reply: itemStatsReplySchema,
    errors: [401, 403, 404],
  },
  { operationId: 'examInfo', method: 'GET', path: `${P}/proctor/exam`, auth: 'proctor', summary: 'The exam this hub serves: id, version, title, skills', bodyLimit: BODY_LIMITS.default, status: 200, reply: examInfoSchema, errors: [401, 403] },
  {
    operationId: 'cohort',
    method: 'GET',
    path: `${P}/proctor/exams/:examId/cohort`,
    auth: 'proctor',
    summary: 'The graded attempts ranked: total, percentage, percentile, per-skill scores, time used, submit reason, violations (the JSON export)',
    bodyLimit: BODY_LIMITS.default,
    status: 200,
    reply: cohortReplySchema,
    errors: [400, 401, 403, 404],
    query: sittingQuery('only this sitting (default: every sitting of the exam)'),
  },
  {
    operationId: 'cohortCsv',
    method: 'GET',
    path: `${P}/proctor/exams/:examId/cohort.csv`,
    auth: 'proctor',
    summary: 'The cohort as CSV, with maxima and percentages; formula-like cells escaped',
    bodyLimit: BODY_LIMITS.default,
    status: 200,
    reply: 'text/csv',
    errors: [400, 401, 403, 404],
    query: sittingQuery('only this sitting (default: every sitting of the exam)'),
  },
  {
    operationId: 'similarity',
    method: 'GET',
    path: `${P}/proctor/exams/:examId/similarity`,
    auth: 'proctor',
    summary: 'Coding answers compared by winnowed fingerprints (starter code excluded): pairs above the threshold with matching regions. A flag to review, never a penalty',
    bodyLimit: BODY_LIMITS.default,
    status: 200,
    reply: similarityReplySchema,
    errors: [401, 403, 404],
  },
  {
    operationId: 'blindQueue',
    method: 'GET',
    path: `${P}/proctor/exams/:examId/blind-grading`,
    auth: 'proctor',
    summary: 'Blind essay grading: per essay item, every answer under a code instead of a name, with its rubric and grade',
    bodyLimit: BODY_LIMITS.default,
    status: 200,
    reply: blindQueueReplySchema,
    errors: [401, 403, 404],
  },
  {
    operationId: 'blindGrade',
    method: 'POST',
    path: `${P}/proctor/exams/:examId/blind-grading/:code`,
    auth: 'proctor',
    summary: 'Grade the answer with this blind code against its rubric (stored with the grader’s name)',
    body: gradeRequestSchema,
    bodyLimit: BODY_LIMITS.grade,
    status: 200,
    reply: blindGradeReplySchema,
    errors: [400, 401, 403, 404, 409, 413],
  },
  {
    operationId: 'attemptReportJson',
    method: 'GET',
    path: `${P}/proctor/attempts/:id/report.json`,
    auth: 'proctor',
    summary: 'The candidate report as data: total, percentile, skills against the cohort, every item with answer and key, tests, time per section, integrity',
    bodyLimit: BODY_LIMITS.default,
    status: 200,
    reply: candidateReportSchema,
    errors: [401, 403, 404, 409],
  },
  {
    operationId: 'attemptReport',
    method: 'GET',
    path: `${P}/proctor/attempts/:id/report`,
    auth: 'proctor',
    summary: 'The candidate report as one printable HTML page (409 before the attempt is graded)',
    bodyLimit: BODY_LIMITS.default,
    status: 200,
    reply: 'text/html',
    errors: [401, 403, 404, 409],
  },
  {
    operationId: 'attemptReportPdf',
    method: 'GET',
    path: `${P}/proctor/attempts/:id/report.pdf`,
    auth: 'proctor',
    summary: 'The candidate report printed to PDF (A4) by Chromium on the hub; 503 where the hub has no Chromium',
    bodyLimit: BODY_LIMITS.default,
    status: 200,
    reply: 'application/pdf',
    errors: [401, 403, 404, 409, 503],
  },
] as const satisfies readonly HubRoute[];

export type HubOperationId = (typeof HUB_ROUTES)[number]['operationId'];

/** One route of the table by its operationId, with its literal types (schemas, path, method). */
export type HubRouteOf<K extends HubOperationId> = Extract<(typeof HUB_ROUTES)[number], { operationId: K }>;

/** The names of a path's `:params` (`/a/:id/b/:code` -> 'id' | 'code'). */
type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | PathParamNames<`/${Rest}`> : P extends `${string}:${infer Name}` ? Name : never;

/** The path parameters a route needs, as strings. */
export type HubParamsOf<K extends HubOperationId> = { [N in PathParamNames<HubRouteOf<K>['path']>]: string };
/** The request body a route takes (the schema's input), or undefined for a route without one. */
export type HubBodyOf<K extends HubOperationId> = HubRouteOf<K> extends { body: infer S extends z.ZodType } ? z.input<S> : undefined;
/** The query a route takes, or undefined. */
export type HubQueryOf<K extends HubOperationId> = HubRouteOf<K> extends { query: infer S extends z.ZodType } ? z.input<S> : undefined;
/** A JSON route's parsed reply; for CSV, HTML and PDF routes the media type. */
export type HubReplyOf<K extends HubOperationId> = HubRouteOf<K>['reply'] extends infer R ? (R extends z.ZodType ? z.output<R> : R) : never;

/** The route with this operationId (the table has each once; the protocol test checks it). */
export function hubRoute<K extends HubOperationId>(operationId: K): HubRouteOf<K> {
  const route = (HUB_ROUTES as readonly HubRoute[]).find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no hub route ${operationId}`);
  return route as HubRouteOf<K>;
}

const paramNamesByPath = new Map<string, readonly string[]>();

/** The names of a route's path parameters, in order (`:id`, `:examId`, `:code`); computed once per path, since it runs on every request. */
export function pathParamNames(path: string): readonly string[] {
  let names = paramNamesByPath.get(path);
  if (!names) {
    names = [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);
    paramNamesByPath.set(path, names);
  }
  return names;
}

/** The route's path with its parameters filled in, each one encoded as a single path segment. */
export function routePath(path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}

/** The live WebSocket channels, for the docs (they are not HTTP routes). */
export const HUB_LIVE_CHANNELS = [
  { path: `${P}/attempts/:id/live`, auth: 'attempt', summary: 'Candidate: heartbeats up; heartbeat replies and commands down' },
  { path: `${P}/proctor/live`, auth: 'proctor', summary: 'Dashboard: a snapshot, then summaries as they change' },
] as const;

/** `/api/v1/attempts/:id/x` -> `/api/v1/attempts/{id}/x` (OpenAPI style). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}
