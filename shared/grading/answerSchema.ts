import { z } from 'zod';
import { identifier, languageSchema, type ItemType } from '../exam/examSchema.js';

/**
 * A coding item is answered by its workspace, with the language the candidate picked when the
 * item offers several (DESIGN 13): a folder on this machine (`vigil grade`, practice
 * grading) or the base64 tar.gz a sealed result carries (the hub).
 */
export const codingAnswerSchema = z.union([
  z.strictObject({ workspace: z.string().min(1).max(4096), language: languageSchema.optional() }),
  z.strictObject({ archive: z.base64().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(), language: languageSchema.optional() }),
]);

export const answerValueSchemas = {
  'single-choice': identifier,
  'multiple-choice': z.array(identifier).max(100),
  'short-text': z.string().max(10_000),
  numeric: z.number().finite(),
  essay: z.string().max(200_000),
  sql: z.string().max(100_000),
  coding: codingAnswerSchema,
} as const satisfies Record<ItemType, z.ZodType>;

/** Any answer value, whatever the item type. */
export const answerValueSchema = z.union([z.string().max(200_000), z.array(identifier).max(100), z.number().finite(), codingAnswerSchema]);

export type AnswerValue = z.infer<typeof answerValueSchema>;
export type AnswerValueFor<T extends ItemType> = z.infer<(typeof answerValueSchemas)[T]>;
export type CodingAnswer = z.infer<typeof codingAnswerSchema>;

const expected: Record<ItemType, string> = {
  'single-choice': 'an option id (a string)',
  'multiple-choice': 'a list of option ids',
  'short-text': 'a string',
  numeric: 'a number',
  essay: 'a string',
  sql: 'an SQL query (a string)',
  coding: 'a workspace: {"workspace": "<dir>", "language"?: "node" | "python" | "java"}',
};

/** No answer: undefined, null, a blank string or an empty list. */
export function isUnanswered(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export type ParsedAnswer<T extends ItemType> =
  | { kind: 'unanswered' }
  | { kind: 'invalid'; feedback: string }
  | { kind: 'answer'; value: AnswerValueFor<T> };

/** Classifies a stored answer: graders never throw on a candidate's data, they report it. */
export function parseAnswer<T extends ItemType>(type: T, value: unknown): ParsedAnswer<T> {
  if (isUnanswered(value)) return { kind: 'unanswered' };
  const parsed = answerValueSchemas[type].safeParse(value);
  if (parsed.success) return { kind: 'answer', value: parsed.data as AnswerValueFor<T> };
  const issue = parsed.error.issues[0];
  const detail = issue && (issue.code !== 'invalid_type' || issue.path.length > 0) ? `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}` : `got ${describeValue(value)}`;
  return { kind: 'invalid', feedback: `invalid answer: expected ${expected[type]}; ${detail}` };
}
