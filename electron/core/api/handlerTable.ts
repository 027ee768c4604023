import type { Method, ParsedParams, Result } from '../../../shared/contract.js';
import type { AttemptState } from '../../../shared/lifecycle.js';

/** Who is calling: transports fill this in so handlers can tell sessions apart without knowing the transport. */
export interface CallContext {
  transport: 'ipc' | 'websocket';
}

/** One handler per request of the contract. */
export type Handlers = {
  [M in Method]: (params: ParsedParams<M>, ctx: CallContext) => Promise<Result<M>> | Result<M>;
};

/**
 * What both transports carry and dispatch runs: the handlers, and the attempt's current state,
 * which dispatch checks against each request's `states` in the contract before its handler runs.
 */
export interface HandlerTable {
  handlers: Handlers;
  /** The state of the open attempt from its state machine, or null before check-in. */
  attemptState(): AttemptState | null;
}
