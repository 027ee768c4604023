import type { ConnectionState } from './wsBridge.js';

export type { ConnectionState } from './wsBridge.js';

/** Where the UI learns whether the app behind the API is reachable (the offline banner). */
export interface ConnectionSource {
  get(): ConnectionState;
  subscribe(listener: (state: ConnectionState) => void): () => void;
}

/** Electron's IPC cannot drop: the main process lives as long as the window. */
export const alwaysOpen: ConnectionSource = {
  get: () => 'open',
  subscribe: () => () => {},
};
