import { useCallback, useEffect, useState } from 'react';

/**
 * The hiring manager's shortlist: attempt ids kept in this browser's localStorage per exam. It is
 * a working note, not a decision the hub records, so it stays on the manager's machine.
 */
const keyOf = (examId: string) => `vigil.dashboard.shortlist.${examId}`;

function load(examId: string): Set<string> {
  try {
    const raw = window.localStorage.getItem(keyOf(examId));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return new Set(Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : []);
  } catch (error) {
    // Storage disabled or a hand-edited value: start with an empty shortlist.
    console.warn('vigil dashboard: the shortlist could not be read', error);
    return new Set();
  }
}

export function useShortlist(examId: string | null): { shortlist: ReadonlySet<string>; toggle(attemptId: string, on: boolean): void; clear(): void } {
  const [shortlist, setShortlist] = useState<Set<string>>(() => (examId ? load(examId) : new Set()));
  useEffect(() => {
    if (examId) setShortlist(load(examId));
  }, [examId]);
  const save = useCallback(
    (next: Set<string>) => {
      setShortlist(next);
      if (!examId) return;
      try {
        window.localStorage.setItem(keyOf(examId), JSON.stringify([...next]));
      } catch (error) {
        console.warn('vigil dashboard: the shortlist could not be saved', error);
      }
    },
    [examId],
  );
  return {
    shortlist,
    toggle: (attemptId, on) => {
      const next = new Set(shortlist);
      if (on) next.add(attemptId);
      else next.delete(attemptId);
      save(next);
    },
    clear: () => save(new Set()),
  };
}
