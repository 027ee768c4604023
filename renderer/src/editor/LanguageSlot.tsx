import { useEffect, useId, useState } from 'react';
import { useAppStore } from '../store/StoreProvider.js';

/**
 * Where a multi-language task's language is chosen, in the task pane (issue 18, point 5). The
 * choice picks the file opened on arrival and the test command. Until the engine records the
 * choice (the language pick of docs/authoring.md) it is kept per attempt in localStorage.
 */
export function useItemLanguage(attemptId: string, itemId: string, languages: readonly string[]): [string | null, (language: string) => void] {
  const store = useAppStore();
  const key = `vigil:language:${attemptId}:${itemId}`;
  const [language, setLanguage] = useState<string | null>(() => {
    const kept = store.getState().readLocal(key, (v): v is string => typeof v === 'string');
    return kept && languages.includes(kept) ? kept : (languages[0] ?? null);
  });
  useEffect(() => {
    if (language) store.getState().writeLocal(key, language);
  }, [store, key, language]);
  return [language, setLanguage];
}

export function LanguageSlot({ languages, value, onChange }: { languages: readonly string[]; value: string | null; onChange(language: string): void }) {
  const id = useId();
  return (
    <div className="language-slot" data-testid="language-slot">
      <label htmlFor={id}>Language</label>
      <select id={id} className="input input--compact" value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        {languages.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}
