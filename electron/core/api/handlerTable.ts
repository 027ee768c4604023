import type { Method, ParsedParams, Result } from '../../../shared/contract.js';

/** Who is calling: transports fill this in so handlers can tell sessions apart without knowing the transport. */
export interface CallContext {
  transport: 'ipc' | 'websocket';
}

/** One handler per request of the contract. Both transports call this same table. */
export type HandlerTable = {
  [M in Method]: (params: ParsedParams<M>, ctx: CallContext) => Promise<Result<M>> | Result<M>;
};
