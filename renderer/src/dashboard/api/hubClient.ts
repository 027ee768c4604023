import { apiErrorSchema, type ErrorCode } from '../../../../shared/errors.js';
import type { CommandReply, CommandRequest } from '../../../../shared/hub/commands.js';
import { errorCodeForStatus } from '../../../../shared/hub/hubErrors.js';
import { DETAIL_TIMELINE_MAX_PAGE, HUB_API_PREFIX } from '../../../../shared/hub/limits.js';
import type { AttemptDetail, AttemptSummary, GradeReply, GradeRequest, LoginReply } from '../../../../shared/hub/proctor.js';
import type { CohortReply, ExamInfo } from '../../../../shared/hub/cohort.js';
import type { ItemStatsReply } from '../../../../shared/hub/itemStats.js';
import type { CandidateReport } from '../../../../shared/hub/candidateReport.js';
import type { BlindGradeReply, BlindQueueReply } from '../../../../shared/hub/blindGrading.js';
import { hubRoute, routePath, type HubBodyOf, type HubOperationId, type HubParamsOf, type HubQueryOf, type HubReplyOf } from '../../../../shared/hub/routes.js';
import type { CreateSittingRequest, SittingView } from '../../../../shared/hub/sittings.js';

/**
 * A failed call to the hub's proctor API: the HTTP status (0 when the hub could not be reached) and
 * the hub's error data. 401 means the session is gone; 429 rate limited; 409 the attempt's state
 * refuses it (e.g. a command after the result arrived).
 */
export class HubRequestError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(status: number, code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'HubRequestError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface CsvDownload {
  blob: Blob;
  filename: string;
}

export interface HubClient {
  login(password: string, name?: string): Promise<LoginReply>;
  attempts(): Promise<AttemptSummary[]>;
  detail(attemptId: string): Promise<AttemptDetail>;
  command(attemptId: string, command: CommandRequest): Promise<CommandReply>;
  grade(attemptId: string, grade: GradeRequest): Promise<GradeReply>;
  resultsCsv(): Promise<CsvDownload>;
  // Reports (issue 20).
  exam(): Promise<ExamInfo>;
  itemStats(examId: string): Promise<ItemStatsReply>;
  /** The exam's cohort across its sittings, or one sitting's. */
  cohort(examId: string, sittingId?: string): Promise<CohortReply>;
  sittings(): Promise<SittingView[]>;
  /** Admins only (403 otherwise): a new sitting, 201 with it. */
  createSitting(body: CreateSittingRequest): Promise<SittingView>;
  /** Admins only: ends enrollment with the sitting's code (409 if it is closed already). */
  closeSitting(sittingId: string): Promise<SittingView>;
  report(attemptId: string): Promise<CandidateReport>;
  blindQueue(examId: string): Promise<BlindQueueReply>;
  blindGrade(examId: string, code: string, grade: GradeRequest): Promise<BlindGradeReply>;
  /** A file the hub sends as an attachment (CSV, JSON, the report's HTML or PDF), by path below /proctor. */
  download(path: string, fallbackName: string): Promise<CsvDownload>;
  /** Any route of the hub's table by operationId: the methods above are this, named. */
  callRoute: CallRoute;
}

/** What a route answers: its JSON reply validated by the route's schema, or the raw Response of a CSV, HTML or PDF route. */
export type RouteResult<K extends HubOperationId> = HubReplyOf<K> extends string ? Response : HubReplyOf<K>;

/** The request of a route: its path parameters, body and query, each only where the route has them. */
export type RouteArgs<K extends HubOperationId> = { params: HubParamsOf<K> } & (HubBodyOf<K> extends undefined ? { body?: undefined } : { body: HubBodyOf<K> }) & (HubQueryOf<K> extends undefined ? { query?: undefined } : { query?: HubQueryOf<K> });

/**
 * A typed call of one route of shared/hub/routes.ts: method, path and reply schema come from the
 * table, so the dashboard cannot call a path the hub does not serve or misread a reply.
 */
export type CallRoute = <K extends HubOperationId>(operationId: K, args: RouteArgs<K>) => Promise<RouteResult<K>>;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HubClientOptions {
  /** The hub's origin, e.g. `https://10.0.0.5:8443` ('' for the page's own origin). */
  origin: string;
  /** The proctor token of the current session, if logged in. */
  token(): string | null;
  fetch: FetchLike;
  /** Any 401 on a call that carried a token: the session expired or the hub restarted. */
  onUnauthorized?(): void;
}

export function createHubClient(options: HubClientOptions): HubClient {
  const origin = options.origin.replace(/\/$/, '');
  const base = `${origin}${HUB_API_PREFIX}/proctor`;

  async function send(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    const token = options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await options.fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    } catch (error) {
      throw new HubRequestError(0, 'unavailable', `cannot reach the hub (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!response.ok) {
      const failure = await errorOf(response);
      if (response.status === 401 && token) options.onUnauthorized?.();
      throw failure;
    }
    return response;
  }

  const callRoute: CallRoute = async (operationId, args) => {
    const route = hubRoute(operationId);
    // Numbers (a page's afterSeq and limit) go as their decimal text; absent values not at all.
    const search = args.query
      ? new URLSearchParams(Object.entries(args.query).flatMap(([k, v]): Array<[string, string]> => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? [[k, String(v)]] : []))).toString()
      : '';
    const response = await send(route.method, `${origin}${routePath(route.path, args.params)}${search ? `?${search}` : ''}`, args.body);
    if (typeof route.reply === 'string') return response as RouteResult<typeof operationId>;
    let data: unknown;
    try {
      data = await response.json();
    } catch (error) {
      throw new HubRequestError(response.status, 'internal', `the hub sent a reply that is not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const parsed = route.reply.safeParse(data);
    if (!parsed.success) throw new HubRequestError(response.status, 'internal', `the hub sent an unexpected reply: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data as RouteResult<typeof operationId>;
  };

  const attachment = async (response: Response, fallbackName: string): Promise<CsvDownload> => {
    const disposition = response.headers.get('content-disposition') ?? '';
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
    return { blob: await response.blob(), filename };
  };

  return {
    callRoute,
    login: (password, name) => callRoute('proctorLogin', { params: {}, body: name ? { password, name } : { password } }),
    attempts: () => callRoute('listAttempts', { params: {} }),
    async detail(attemptId) {
      // The hub pages the timeline: fetch every page, so the detail page still shows all of it.
      const first = await callRoute('attemptDetail', { params: { id: attemptId } });
      const timeline = [...first.timeline];
      for (let next = first.timelineNext; next !== null; ) {
        const page = await callRoute('attemptDetail', { params: { id: attemptId }, query: { afterSeq: next, limit: DETAIL_TIMELINE_MAX_PAGE } });
        timeline.push(...page.timeline);
        // A page must move forward: one that adds nothing, or names no later seq, would loop forever.
        if (page.timeline.length > 0 && page.timelineNext !== null && page.timelineNext <= next) {
          throw new HubRequestError(200, 'internal', `the hub's timeline pages do not move forward (after seq ${next} it named ${page.timelineNext} again)`);
        }
        next = page.timeline.length > 0 ? page.timelineNext : null;
      }
      return { ...first, timeline, timelineNext: null };
    },
    command: (attemptId, command) => callRoute('issueCommand', { params: { id: attemptId }, body: command }),
    grade: (attemptId, grade) => callRoute('gradeEssay', { params: { id: attemptId }, body: grade }),
    resultsCsv: async () => attachment(await callRoute('resultsCsv', { params: {} }), 'results.csv'),
    exam: () => callRoute('examInfo', { params: {} }),
    itemStats: (examId) => callRoute('itemStats', { params: { examId } }),
    cohort: (examId, sittingId) => callRoute('cohort', { params: { examId }, ...(sittingId ? { query: { sitting: sittingId } } : {}) }),
    sittings: () => callRoute('listSittings', { params: {} }),
    createSitting: (body) => callRoute('createSitting', { params: {}, body }),
    closeSitting: (sittingId) => callRoute('closeSitting', { params: { id: sittingId } }),
    report: (attemptId) => callRoute('attemptReportJson', { params: { id: attemptId } }),
    blindQueue: (examId) => callRoute('blindQueue', { params: { examId } }),
    blindGrade: (examId, code, grade) => callRoute('blindGrade', { params: { examId, code }, body: grade }),
    async download(path, fallbackName) {
      return attachment(await send('GET', `${base}${path}`), fallbackName);
    },
  };
}

/** The hub's error body when it sent one, else a message made from the status. */
async function errorOf(response: Response): Promise<HubRequestError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    // Not JSON (a proxy's error page, say): the status alone has to do.
    body = { parseError: error instanceof Error ? error.message : String(error) };
  }
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) return new HubRequestError(response.status, parsed.data.code, parsed.data.message, parsed.data.details);
  return new HubRequestError(response.status, errorCodeForStatus(response.status), `the hub answered ${response.status} ${response.statusText}`.trim());
}
