import type { z } from 'zod';
import { apiErrorSchema, type ErrorCode } from '../../../../shared/errors.js';
import { commandReplySchema, type CommandReply, type CommandRequest } from '../../../../shared/hub/commands.js';
import { errorCodeForStatus } from '../../../../shared/hub/hubErrors.js';
import { DETAIL_TIMELINE_MAX_PAGE, HUB_API_PREFIX } from '../../../../shared/hub/limits.js';
import {
  attemptDetailSchema,
  attemptListReplySchema,
  gradeReplySchema,
  loginReplySchema,
  type AttemptDetail,
  type AttemptSummary,
  type GradeReply,
  type GradeRequest,
  type LoginReply,
} from '../../../../shared/hub/proctor.js';
import { cohortReplySchema, examInfoSchema, type CohortReply, type ExamInfo } from '../../../../shared/hub/cohort.js';
import { itemStatsReplySchema, type ItemStatsReply } from '../../../../shared/hub/itemStats.js';
import { candidateReportSchema, type CandidateReport } from '../../../../shared/hub/candidateReport.js';
import { blindGradeReplySchema, blindQueueReplySchema, type BlindGradeReply, type BlindQueueReply } from '../../../../shared/hub/blindGrading.js';

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
  cohort(examId: string): Promise<CohortReply>;
  report(attemptId: string): Promise<CandidateReport>;
  blindQueue(examId: string): Promise<BlindQueueReply>;
  blindGrade(examId: string, code: string, grade: GradeRequest): Promise<BlindGradeReply>;
  /** A file the hub sends as an attachment (CSV, JSON, the report's HTML or PDF), by path below /proctor. */
  download(path: string, fallbackName: string): Promise<CsvDownload>;
}

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
  const base = `${options.origin.replace(/\/$/, '')}${HUB_API_PREFIX}/proctor`;

  async function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    const token = options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await options.fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
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

  async function json<S extends z.ZodType>(schema: S, response: Response): Promise<z.infer<S>> {
    let data: unknown;
    try {
      data = await response.json();
    } catch (error) {
      throw new HubRequestError(response.status, 'internal', `the hub sent a reply that is not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new HubRequestError(response.status, 'internal', `the hub sent an unexpected reply: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  const id = (attemptId: string) => `/attempts/${encodeURIComponent(attemptId)}`;

  return {
    async login(password, name) {
      return json(loginReplySchema, await send('POST', '/login', name ? { password, name } : { password }));
    },
    async attempts() {
      return json(attemptListReplySchema, await send('GET', '/attempts'));
    },
    async detail(attemptId) {
      // The hub pages the timeline (DETAIL_TIMELINE_PAGE entries a reply): fetch every page, so the
      // detail page still shows the whole timeline.
      const first = await json(attemptDetailSchema, await send('GET', id(attemptId)));
      const timeline = [...first.timeline];
      for (let next = first.timelineNext; next !== null; ) {
        const page = await json(attemptDetailSchema, await send('GET', `${id(attemptId)}?afterSeq=${next}&limit=${DETAIL_TIMELINE_MAX_PAGE}`));
        timeline.push(...page.timeline);
        // A page that adds nothing would loop forever: stop there.
        next = page.timeline.length > 0 ? page.timelineNext : null;
      }
      return { ...first, timeline, timelineNext: null };
    },
    async command(attemptId, command) {
      return json(commandReplySchema, await send('POST', `${id(attemptId)}/commands`, command));
    },
    async grade(attemptId, grade) {
      return json(gradeReplySchema, await send('POST', `${id(attemptId)}/grades`, grade));
    },
    async resultsCsv() {
      const response = await send('GET', '/results.csv');
      const disposition = response.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'results.csv';
      return { blob: await response.blob(), filename };
    },
    async exam() {
      return json(examInfoSchema, await send('GET', '/exam'));
    },
    async itemStats(examId) {
      return json(itemStatsReplySchema, await send('GET', `/exams/${encodeURIComponent(examId)}/item-stats`));
    },
    async cohort(examId) {
      return json(cohortReplySchema, await send('GET', `/exams/${encodeURIComponent(examId)}/cohort`));
    },
    async report(attemptId) {
      return json(candidateReportSchema, await send('GET', `${id(attemptId)}/report.json`));
    },
    async blindQueue(examId) {
      return json(blindQueueReplySchema, await send('GET', `/exams/${encodeURIComponent(examId)}/blind-grading`));
    },
    async blindGrade(examId, code, grade) {
      return json(blindGradeReplySchema, await send('POST', `/exams/${encodeURIComponent(examId)}/blind-grading/${encodeURIComponent(code)}`, grade));
    },
    async download(path, fallbackName) {
      const response = await send('GET', path);
      const disposition = response.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
      return { blob: await response.blob(), filename };
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
