import type { ConnectionState } from '../api/connection.js';
import type { Slice, StoreDeps } from './storeTypes.js';

export interface ConnectionSlice {
  connection: ConnectionState;
  setConnection(state: ConnectionState): void;
}

export const createConnectionSlice =
  ({ connection }: StoreDeps): Slice<ConnectionSlice> =>
  (set) => ({
    connection: connection.get(),
    setConnection(state) {
      set({ connection: state });
    },
  });
