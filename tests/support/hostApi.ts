import WebSocket from 'ws';
import type { VigilApi } from '../../shared/contract.js';
import { createClient } from '../../renderer/src/api/client.js';
import { createWsBridge, type WebSocketLike } from '../../renderer/src/api/wsBridge.js';

/** The renderer's own API client, connected to a running host (`vigil serve` or startHost) by URL. */
export function connectHostApi(url: string): { api: VigilApi; close(): void } {
  const origin = url.replace(/\/$/, '');
  const bridge = createWsBridge(`${origin.replace('http', 'ws')}/api/ws`, (u) => new WebSocket(u, { origin }) as unknown as WebSocketLike);
  return { api: createClient(bridge), close: () => bridge.close() };
}
