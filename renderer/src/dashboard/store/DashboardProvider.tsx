import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { DashboardState, DashboardStore } from './dashboardStore.js';

const Context = createContext<DashboardStore | null>(null);

export function DashboardProvider({ store, children }: { store: DashboardStore; children: ReactNode }) {
  return <Context.Provider value={store}>{children}</Context.Provider>;
}

/** One value from the dashboard store; re-renders only when it changes. */
export function useDash<T>(selector: (state: DashboardState) => T): T {
  const store = useContext(Context);
  if (!store) throw new Error('useDash must be used inside <DashboardProvider>');
  return useStore(store, selector);
}

/** The store itself, for handlers that read the latest state without subscribing. */
export function useDashStore(): DashboardStore {
  const store = useContext(Context);
  if (!store) throw new Error('useDashStore must be used inside <DashboardProvider>');
  return store;
}
