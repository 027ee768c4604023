import type { VigilApi, VigilBridge } from '../../../shared/contract.js';
import { createClient } from './client.js';
import { alwaysOpen, type ConnectionSource } from './connection.js';
import { createWsBridge, type WebSocketLike } from './wsBridge.js';

declare global {
  interface Window {
    vigil?: VigilBridge;
  }
}

export interface AppConnection {
  api: VigilApi;
  connection: ConnectionSource;
}

/** `window.vigil` in Electron; otherwise the headless host's WebSocket on the page's own origin. */
export function connectToApp(): AppConnection {
  if (window.vigil) return { api: createClient(window.vigil), connection: alwaysOpen };
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  // The DOM WebSocket matches WebSocketLike at runtime; its handler types are just wider than ours.
  const bridge = createWsBridge(`${scheme}://${window.location.host}/api/ws`, (url) => new WebSocket(url) as unknown as WebSocketLike);
  return {
    api: createClient(bridge),
    connection: { get: () => bridge.connectionState(), subscribe: (l) => bridge.onConnectionChange(l) },
  };
}
