import type { VigilApi, VigilBridge } from '../../../shared/contract.js';
import { createClient } from './client.js';
import { createWsBridge, type WebSocketLike } from './wsBridge.js';

declare global {
  interface Window {
    vigil?: VigilBridge;
  }
}

/** `window.vigil` in Electron; otherwise the headless host's WebSocket on the page's own origin. */
export function connectToApp(): VigilApi {
  if (window.vigil) return createClient(window.vigil);
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  // The DOM WebSocket matches WebSocketLike at runtime; its handler types are just wider than ours.
  const bridge = createWsBridge(`${scheme}://${window.location.host}/api/ws`, (url) => new WebSocket(url) as unknown as WebSocketLike);
  return createClient(bridge);
}
