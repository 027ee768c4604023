import { isMethod, requests, statesRequiredBy, type Method, type Reply } from '../../../shared/contract.js';
import type { ApiError } from '../../../shared/errors.js';
import { VigilError, describeZodError } from '../../../shared/errors.js';
import type { CallContext, HandlerTable } from './handlerTable.js';

export interface DispatchOptions {
  /** Where unexpected errors (bugs) are reported; they reach the caller only as `internal`. */
  onInternalError?: (method: string, error: unknown) => void;
}

/**
 * Validates a request against the contract and runs its handler. Never throws: every outcome,
 * including bad params, unknown methods and bugs, comes back as a Reply the transport can send.
 */
export async function dispatch(
  table: HandlerTable,
  method: unknown,
  params: unknown,
  ctx: CallContext,
  options: DispatchOptions = {},
): Promise<Reply> {
  if (!isMethod(method)) {
    return { ok: false, error: { code: 'unknown-method', message: `unknown method ${JSON.stringify(method)}` } };
  }
  const spec = requests[method];
  const parsed = spec.params.safeParse(params ?? {});
  if (!parsed.success) {
    const { message, fields } = describeZodError('params', parsed.error);
    return { ok: false, error: { code: 'invalid-params', message: `${method}: ${message}`, details: { fields } } };
  }
  const refused = refusalInState(method, table);
  if (refused) return { ok: false, error: refused };
  try {
    // The table is indexed by the same key as the schema, so the handler matches its params.
    // No await between the state check and this call: a synchronous handler (terminal input)
    // runs in the state that was checked.
    const handler = table.handlers[method] as (p: unknown, c: CallContext) => unknown;
    const result = await handler(parsed.data, ctx);
    const checked = spec.result.safeParse(result);
    if (!checked.success) {
      // A handler returned something outside the contract: a bug on our side, not the caller's.
      options.onInternalError?.(method, checked.error);
      return { ok: false, error: { code: 'internal', message: `${method}: the app produced an invalid result` } };
    }
    return { ok: true, result: checked.data };
  } catch (error) {
    if (error instanceof VigilError) return { ok: false, error: error.toData() };
    options.onInternalError?.(method, error);
    return { ok: false, error: { code: 'internal', message: `${method}: unexpected error` } };
  }
}

/** The contract's state rule (`states` of the request): the refusal naming the state, or null. */
function refusalInState(method: Method, table: HandlerTable): ApiError | null {
  const needs = statesRequiredBy(method);
  if (!needs) return null;
  const state = table.attemptState();
  if (state === null) return { code: 'invalid-state', message: `${method}: no attempt yet: check in first`, details: { method, state, needs: [...needs] } };
  if (needs.includes(state)) return null;
  return {
    code: 'invalid-state',
    message: `${method}: not possible while the attempt is ${state} (needs ${needs.join(' or ')})`,
    details: { method, state, needs: [...needs] },
  };
}
