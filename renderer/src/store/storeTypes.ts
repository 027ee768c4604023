import type { StateCreator } from 'zustand';
import type { VigilApi } from '../../../shared/contract.js';
import { ApiCallError } from '../api/apiCallError.js';
import type { ConnectionSource } from '../api/connection.js';
import type { AppState } from './appStore.js';
import type { Persist } from './persist.js';
import type { Timers } from './saveQueue.js';

/** What the store is built on: the API, the connection state, local persistence, clock and timers. */
export interface StoreDeps {
  api: VigilApi;
  connection: ConnectionSource;
  persist: Persist;
  now: () => number;
  timers?: Timers;
  /** The OS asks for more contrast (`prefers-contrast: more`). */
  prefersHighContrast: () => boolean;
}

/** One slice of the combined store; it may read and write the whole state. */
export type Slice<T> = StateCreator<AppState, [], [], T>;

/** An action's outcome as the UI shows it: API errors are data with the engine's message. */
export type ActionOutcome = { ok: true } | { ok: false; code: string; message: string };

export function failure(error: unknown): { ok: false; code: string; message: string } {
  if (error instanceof ApiCallError) return { ok: false, code: error.code, message: error.message };
  return { ok: false, code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
