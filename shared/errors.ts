import { z } from 'zod';

/** The closed set of error codes that may cross any boundary (IPC, WebSocket, CLI JSON). */
export const errorCodeSchema = z.enum([
  'invalid-params', // params failed their schema; details lists the fields
  'unknown-method', // no such request in the contract
  'not-found', // a named thing (item, file, attempt) does not exist
  'invalid-state', // the request is not allowed in the attempt's current state
  'conflict', // the request contradicts stored data
  'forbidden', // the caller may not do this (wrong frame, wrong token)
  'package-invalid', // the exam package breaks a rule; details lists every problem
  'storage', // the disk refused (full, read-only, locked by another process)
  'unavailable', // a dependency (hub, shell, sandbox) cannot be reached now
  'internal', // a bug: logged, never expected
]);

export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const apiErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});

export type ApiError = z.infer<typeof apiErrorSchema>;

/** Thrown inside services for expected failures; transports turn it into ApiError data. */
export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'VigilError';
    this.code = code;
    this.details = details;
  }

  toData(): ApiError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** A zod issue path as users read it: `params.answers[2].value`. */
export function formatIssuePath(root: string, path: ReadonlyArray<PropertyKey>): string {
  let out = root;
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : `.${String(seg)}`;
  return out;
}

/** One readable line per issue, e.g. `params.itemId: Invalid input: expected string, received undefined`. */
export function describeZodError(root: string, error: z.ZodError): { message: string; fields: Array<{ path: string; message: string }> } {
  const fields = error.issues.map((i) => ({ path: formatIssuePath(root, i.path), message: i.message }));
  return { message: fields.map((f) => `${f.path}: ${f.message}`).join('; '), fields };
}
