import { createContext, useContext } from 'react';
import type { VigilApi } from '../../../shared/contract.js';
import { connectToApp } from '../api/connect.js';
import type { AppState } from '../store/appStore.js';
import { useApp } from '../store/StoreProvider.js';

/** The part of the API the coding workspace uses: the terminal and workspace requests and events. */
export type CodingApi = Pick<
  VigilApi,
  'terminalOpen' | 'terminalWrite' | 'terminalResize' | 'terminalAck' | 'terminalRestart' | 'workspaceList' | 'workspaceRead' | 'workspaceWrite' | 'on'
>;

/** Lets a parent (or a test) hand the coding views their API explicitly. */
export const CodingApiContext = createContext<CodingApi | null>(null);

function storeApi(state: AppState): CodingApi | null {
  // The store is built on the page's API client; when a slice exposes it as `api`, use that one.
  const candidate = (state as Partial<Record<'api', unknown>>).api;
  return typeof candidate === 'object' && candidate !== null && 'terminalOpen' in candidate ? (candidate as CodingApi) : null;
}

let pageApi: CodingApi | null = null;

/**
 * The page's own client, made on first use (never at import): `window.vigil` in Electron, else a
 * WebSocket to the headless host. Only needed while the store does not expose its client.
 */
function ownConnection(): CodingApi {
  pageApi ??= connectToApp().api;
  return pageApi;
}

/** The API for the coding views: the context's, else the store's client, else the page's own. */
export function useCodingApi(): CodingApi {
  const provided = useContext(CodingApiContext);
  const fromStore = useApp(storeApi);
  return provided ?? fromStore ?? ownConnection();
}
