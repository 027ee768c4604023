import { createStore, type StoreApi } from 'zustand/vanilla';
import type { VigilApi } from '../../../shared/contract.js';
import { createExamSlice, type ExamSlice } from './examSlice.js';

/** All slices combined into one store; components select single values from it. */
export type AppState = ExamSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(api: VigilApi): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createExamSlice(api)(...a),
  }));
}
