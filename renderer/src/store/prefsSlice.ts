import { isBoolean, storageKeys } from './persist.js';
import type { Slice, StoreDeps } from './storeTypes.js';

export interface PrefsSlice {
  /** The candidate's choice; null follows the system (`prefers-contrast: more`). */
  highContrastChoice: boolean | null;
  systemHighContrast: boolean;
  toggleHighContrast(): void;
}

export function isHighContrast(state: Pick<PrefsSlice, 'highContrastChoice' | 'systemHighContrast'>): boolean {
  return state.highContrastChoice ?? state.systemHighContrast;
}

export const createPrefsSlice =
  ({ persist, prefersHighContrast }: StoreDeps): Slice<PrefsSlice> =>
  (set, get) => ({
    highContrastChoice: persist.read(storageKeys.highContrast, isBoolean),
    systemHighContrast: prefersHighContrast(),
    toggleHighContrast() {
      const next = !isHighContrast(get());
      persist.write(storageKeys.highContrast, next);
      set({ highContrastChoice: next });
    },
  });
