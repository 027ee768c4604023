/**
 * Small, typed access to localStorage for what must survive a reload but is not the engine's
 * business: the current item and visited items of an attempt, the contrast preference.
 */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface Persist {
  read<T>(key: string, check: (value: unknown) => value is T): T | null;
  write(key: string, value: unknown): void;
}

export function createPersist(storage: KeyValueStore | null): Persist {
  return {
    read(key, check) {
      if (!storage) return null;
      try {
        const raw = storage.getItem(key);
        if (raw === null) return null;
        const parsed: unknown = JSON.parse(raw);
        return check(parsed) ? parsed : null;
      } catch (error) {
        // A corrupt or unreadable entry only costs a convenience (e.g. the current item): say so and go on.
        console.warn(`vigil: ignoring unreadable local setting "${key}"`, error);
        return null;
      }
    },
    write(key, value) {
      if (!storage) return;
      try {
        storage.setItem(key, JSON.stringify(value));
      } catch (error) {
        console.warn(`vigil: could not keep local setting "${key}"`, error);
      }
    },
  };
}

/** The browser's localStorage when it is usable (it throws in some locked-down contexts). */
export function browserStorage(): KeyValueStore | null {
  try {
    return typeof window !== 'undefined' && window.localStorage ? window.localStorage : null;
  } catch (error) {
    console.warn('vigil: localStorage is not available; position and preferences will not survive a reload', error);
    return null;
  }
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

export const storageKeys = {
  current: (attemptId: string) => `vigil.attempt.${attemptId}.current`,
  visited: (attemptId: string) => `vigil.attempt.${attemptId}.visited`,
  timeUpSeen: (attemptId: string) => `vigil.attempt.${attemptId}.timeUpSeen`,
  highContrast: 'vigil.highContrast',
};
