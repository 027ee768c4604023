import { METHOD_NAMES } from '../../../shared/apiNames.js';
import { events, requests, type EventName, type Method, type VigilApi, type VigilBridge } from '../../../shared/contract.js';
import { ApiCallError } from './apiCallError.js';

/**
 * The typed API client the whole renderer uses. It wraps a bridge (Electron's `window.vigil`, or
 * the WebSocket bridge in the headless host), unwraps replies, and checks results and events
 * against the contract so a mismatch fails loudly here instead of deep in a component.
 */
export function createClient(bridge: VigilBridge): VigilApi {
  const api: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) {
    api[name] = async (params?: unknown) => {
      const call = bridge[name] as (p?: unknown) => Promise<import('../../../shared/contract.js').Reply>;
      const reply = await call(params ?? {});
      if (!reply.ok) throw new ApiCallError(name, reply.error);
      return requests[name as Method].result.parse(reply.result);
    };
  }
  api.on = (event: EventName, listener: (data: unknown) => void) =>
    bridge.on(event, (data) => {
      const parsed = events[event].safeParse(data);
      if (parsed.success) listener(parsed.data);
      else console.error(`vigil: dropped a malformed "${event}" event`, parsed.error);
    });
  return api as VigilApi;
}
