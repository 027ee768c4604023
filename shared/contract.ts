import { z } from 'zod';
import { METHOD_NAMES, type EventNameString, type MethodName } from './apiNames.js';
import type { ApiError } from './errors.js';
import { examSchema } from './exam/examSchema.js';

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

export const requests = {
  getAppInfo: { params: noParams, result: appInfoSchema },
  getExam: { params: noParams, result: examViewSchema },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

export const noticeSchema = z.object({
  level: z.enum(['info', 'warning', 'error']),
  text: z.string().max(2000),
});

/** Pushes from the app to the renderer. */
export const events = {
  notice: noticeSchema,
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
