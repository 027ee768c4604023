import { useCallback, useEffect, useState } from 'react';
import { browserStorage, createPersist, isBoolean } from '../../store/persist.js';

const KEY = 'vigil.dashboard.highContrast';

/**
 * The high-contrast theme (the candidate app's, from styles.css): follows `prefers-contrast: more`
 * until the proctor chooses, then keeps the choice in localStorage.
 */
export function useHighContrast(): { on: boolean; toggle(): void } {
  const [persist] = useState(() => createPersist(browserStorage()));
  const [system, setSystem] = useState(() => window.matchMedia?.('(prefers-contrast: more)').matches ?? false);
  const [chosen, setChosen] = useState<boolean | null>(() => persist.read(KEY, isBoolean));
  const on = chosen ?? system;

  useEffect(() => {
    const query = window.matchMedia?.('(prefers-contrast: more)');
    if (!query) return;
    const listener = (e: MediaQueryListEvent) => setSystem(e.matches);
    query.addEventListener('change', listener);
    return () => query.removeEventListener('change', listener);
  }, []);

  useEffect(() => {
    document.documentElement.dataset.contrast = on ? 'more' : 'normal';
  }, [on]);

  const toggle = useCallback(() => {
    setChosen((was) => {
      const next = !(was ?? system);
      persist.write(KEY, next);
      return next;
    });
  }, [persist, system]);

  return { on, toggle };
}
