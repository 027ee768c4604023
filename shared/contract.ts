import { z } from 'zod';
import { METHOD_NAMES, type EventNameString, type MethodName } from './apiNames.js';
import type { ApiError } from './errors.js';
import {
  attemptViewSchema,
  checkInParamsSchema,
  preflightCheckSchema,
  resultViewSchema,
  sqlRunResultSchema,
  sqlSchemaResultSchema,
  timerViewSchema,
} from './attemptView.js';
import { examSchema, identifier } from './exam/examSchema.js';
import type { AttemptState } from './lifecycle.js';
import { answerValueSchema } from './grading/answerSchema.js';
import {
  terminalAckParamsSchema,
  terminalErrorEventSchema,
  terminalExitEventSchema,
  terminalOpenParamsSchema,
  terminalOutputEventSchema,
  terminalResizeParamsSchema,
  terminalRestartParamsSchema,
  terminalSessionInfoSchema,
  terminalWriteParamsSchema,
} from './terminal.js';
import {
  workspaceChangedEventSchema,
  workspaceListParamsSchema,
  workspacePickLanguageParamsSchema,
  workspaceListResultSchema,
  workspaceReadParamsSchema,
  workspaceReadResultSchema,
  workspaceRunTestsParamsSchema,
  workspaceRunTestsResultSchema,
  workspaceWriteParamsSchema,
  workspaceWriteResultSchema,
} from './workspace.js';

export { METHOD_NAMES, EVENT_NAMES, IPC_PREFIX, IPC_EVENT_CHANNEL } from './apiNames.js';

/**
 * The one API contract between the renderer and the app (DESIGN 3). Both transports (Electron IPC
 * and the headless host's WebSocket) carry exactly this table, and both validate params against it
 * before a handler runs. Add a request here and TypeScript points at every place that must follow.
 */
const noParams = z.strictObject({});

export const appInfoSchema = z.object({
  name: z.literal('Vigil'),
  version: z.string(),
  role: z.enum(['candidate', 'proctor']),
  platform: z.string(),
});

/** What a candidate may see of an exam: exam.json as validated. Keys never enter this shape. */
export const examViewSchema = examSchema.omit({ $schema: true });
export type ExamView = z.infer<typeof examViewSchema>;

/** Violations the renderer's guards report; everything else is observed by the app itself. */
export const pageViolationKindSchema = z.enum(['clipboard-blocked', 'context-menu-blocked', 'file-drop-blocked', 'shortcut-blocked', 'paste-large', 'paste-external']);

/**
 * The attempt states a request needs, enforced in dispatch for both transports before any handler
 * runs, so no handler can forget it. A list of the states allowed, never of those refused: a state
 * added to the lifecycle later (time-up, submitting) is refused by every request listed here until
 * someone decides otherwise. Requests without `states` run in any state (reads, check-in, the
 * flow-control ack, violation reports).
 */
const WORKING: readonly AttemptState[] = ['in-progress'];
/** Reads of the workspace: also while the exam is held (the page behind the overlay refreshes); they change no answer. */
const UNDERWAY: readonly AttemptState[] = ['in-progress', 'paused', 'locked'];

export const requests = {
  getAppInfo: { params: noParams, result: appInfoSchema },
  getExam: { params: noParams, result: examViewSchema },
  /** The current attempt on this machine for this exam, or null before check-in. */
  getAttempt: { params: noParams, result: attemptViewSchema.nullable() },
  checkIn: { params: checkInParamsSchema, result: attemptViewSchema },
  getPreflight: { params: noParams, result: z.object({ checks: z.array(preflightCheckSchema) }) },
  /** Leaves pre-flight; a failed overridable check needs a proctor's override code. */
  completePreflight: { states: ['preflight'], params: z.strictObject({ overrideCode: z.string().trim().min(1).max(64).optional() }), result: attemptViewSchema },
  startAttempt: { states: ['ready'], params: noParams, result: attemptViewSchema },
  /** Resolves only once the answer is durable (journal entry fsync'ed): that is the "Saved" point. */
  saveAnswer: {
    states: WORKING,
    params: z.strictObject({ itemId: identifier, value: answerValueSchema.nullable() }),
    result: z.object({ seq: z.int().min(1), savedAt: z.string() }),
  },
  setFlag: { states: WORKING, params: z.strictObject({ itemId: identifier, flagged: z.boolean() }), result: z.object({ seq: z.int().min(1) }) },
  submitAttempt: { states: WORKING, params: noParams, result: attemptViewSchema },
  getResult: { params: noParams, result: resultViewSchema },
  /** Runs a query on an SQL item's dataset, on a fresh copy, for the candidate's "Run query". */
  runSql: { states: WORKING, params: z.strictObject({ itemId: identifier, query: z.string().max(20_000) }), result: sqlRunResultSchema },
  /** Opens (or reattaches to) the shell of a coding item; `sessionId` is the item id. */
  terminalOpen: { states: WORKING, params: terminalOpenParamsSchema, result: terminalSessionInfoSchema },
  terminalWrite: { states: WORKING, params: terminalWriteParamsSchema, result: z.object({}) },
  terminalResize: { states: WORKING, params: terminalResizeParamsSchema, result: z.object({}) },
  /** Flow control: the renderer acknowledges characters xterm has written (DESIGN 7). */
  terminalAck: { params: terminalAckParamsSchema, result: z.object({}) },
  terminalRestart: { states: WORKING, params: terminalRestartParamsSchema, result: terminalSessionInfoSchema },
  /** Picks (or, with `reset`, switches) a multi-language coding item's language and seeds its workspace from that language's starter: answer-changing, so in progress only. */
  workspacePickLanguage: { states: WORKING, params: workspacePickLanguageParamsSchema, result: attemptViewSchema },
  workspaceList: { states: UNDERWAY, params: workspaceListParamsSchema, result: workspaceListResultSchema },
  workspaceRead: { states: UNDERWAY, params: workspaceReadParamsSchema, result: workspaceReadResultSchema },
  workspaceWrite: { states: WORKING, params: workspaceWriteParamsSchema, result: workspaceWriteResultSchema },
  /** Runs the item's visible tests in its workspace (sandboxed like the shell) and parses their report; the run can write files, so in progress only. */
  workspaceRunTests: { states: WORKING, params: workspaceRunTestsParamsSchema, result: workspaceRunTestsResultSchema },
  /** The tables of an SQL item's dataset with their columns and types, for the schema panel. */
  sqlSchema: { params: z.strictObject({ itemId: identifier }), result: sqlSchemaResultSchema },
  /** What the page's guards prevented (DESIGN 6); the app sets the severity, not the page. */
  reportViolation: {
    params: z.strictObject({ kind: pageViolationKindSchema, detail: z.string().max(500) }),
    result: z.object({}),
  },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType; states?: readonly AttemptState[] }>;

/** The states `method` needs (its contract entry's `states`), or null when it runs in any state. */
export function statesRequiredBy(method: Method): readonly AttemptState[] | null {
  const spec = requests[method];
  return 'states' in spec ? spec.states : null;
}

export const noticeSchema = z.object({
  level: z.enum(['info', 'warning', 'error']),
  text: z.string().max(2000),
});

/** Pushes from the app to the renderer. */
export const events = {
  notice: noticeSchema,
  attemptChanged: attemptViewSchema,
  timer: timerViewSchema,
  timerWarning: z.object({ minutesLeft: z.number() }),
  terminalOutput: terminalOutputEventSchema,
  terminalExit: terminalExitEventSchema,
  terminalError: terminalErrorEventSchema,
  workspaceChanged: workspaceChangedEventSchema,
} as const satisfies Record<string, z.ZodType>;

export type Method = keyof typeof requests;
export type Params<M extends Method> = z.input<(typeof requests)[M]['params']>;
export type ParsedParams<M extends Method> = z.output<(typeof requests)[M]['params']>;
export type Result<M extends Method> = z.output<(typeof requests)[M]['result']>;
export type EventName = keyof typeof events;
export type EventData<E extends EventName> = z.output<(typeof events)[E]>;

// Compile-time proof that apiNames.ts lists exactly the contract's requests and events.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const methodNamesMatch: Same<MethodName, Method> = true;
const eventNamesMatch: Same<EventNameString, EventName> = true;
void methodNamesMatch;
void eventNamesMatch;

export const METHODS: readonly Method[] = METHOD_NAMES;

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

/** The renderer-facing API: one async function per request, plus event subscription. */
export type VigilApi = { [M in Method]: (params: Params<M>) => Promise<Result<M>> } & {
  on<E extends EventName>(event: E, listener: (data: EventData<E>) => void): () => void;
};

/**
 * What the preload exposes as `window.vigil`: the same functions, but resolving to a Reply,
 * because an Error thrown across contextBridge loses everything but its message.
 */
export type VigilBridge = { [M in Method]: (params?: Params<M>) => Promise<Reply> } & {
  on(event: EventName, listener: (data: unknown) => void): () => void;
};

/** What every transport carries back for a request: errors are data, never thrown through. */
export const replySchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) }),
]);
export type Reply = { ok: true; result: unknown } | { ok: false; error: ApiError };
