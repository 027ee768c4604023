import { useCallback, useEffect, useState } from 'react';
import { describeFailure } from '../store/dashboardStore.js';

export interface HubData<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/**
 * One reply of the hub for a report screen: loaded on mount and on reload(). Report screens read
 * plain replies (no live feed): their figures are recomputed at the hub on each request.
 */
export function useHubData<T>(load: () => Promise<T>, deps: readonly unknown[]): HubData<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!live) return;
        setError(describeFailure(failure));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // The caller names what the loader depends on, as with useEffect.
  }, [...deps, tick]);
  return { data, error, loading, reload };
}
