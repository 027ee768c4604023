import { createContext, useContext } from 'react';
import type { VigilApi } from '../../../shared/contract.js';
import { useApp } from '../store/StoreProvider.js';

/** The part of the API the coding workspace uses: the terminal and workspace requests and events. */
export type CodingApi = Pick<
  VigilApi,
  'terminalOpen' | 'terminalWrite' | 'terminalResize' | 'terminalAck' | 'terminalRestart' | 'workspacePickLanguage' | 'workspaceList' | 'workspaceRead' | 'workspaceWrite' | 'workspaceRunTests' | 'reportViolation' | 'on'
>;

/** Lets a parent (or a test) hand the coding views their API explicitly. */
export const CodingApiContext = createContext<CodingApi | null>(null);

/** The API for the coding views: the context's (tests), else the client the store is built on. */
export function useCodingApi(): CodingApi {
  const provided = useContext(CodingApiContext);
  const fromStore = useApp((state) => state.api);
  return provided ?? fromStore;
}
