import { useId, useState } from 'react';
import type { Language } from '../../../shared/exam/examSchema.js';
import { LANGUAGE_TITLES } from '../../../shared/exam/languages.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';

/**
 * The picked language of a multi-language task, in the task pane, where it can be switched. A
 * switch asks first, since the engine resets the workspace to the new language's starter; the
 * confirmed switch is `onSwitch` (the workspacePickLanguage request with `reset`).
 */
export function LanguageSlot({ languages, value, onSwitch }: { languages: readonly Language[]; value: Language; onSwitch(language: Language): Promise<void> }) {
  const id = useId();
  const [asking, setAsking] = useState<Language | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    if (!asking || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSwitch(asking);
      setAsking(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="language-slot" data-testid="language-slot">
      <label htmlFor={id}>Language</label>
      <select
        id={id}
        className="input input--compact"
        value={value}
        onChange={(e) => {
          const next = e.target.value as Language;
          if (next !== value) setAsking(next);
        }}
      >
        {languages.map((l) => (
          <option key={l} value={l}>
            {LANGUAGE_TITLES[l]}
          </option>
        ))}
      </select>
      {asking ? (
        <ConfirmDialog title={`Switch to ${LANGUAGE_TITLES[asking]}?`} confirmLabel={busy ? 'Switching…' : `Switch to ${LANGUAGE_TITLES[asking]}`} onConfirm={() => void confirm()} onCancel={() => setAsking(null)} testId="language-switch-confirm">
          <p>Switching resets your workspace to the {LANGUAGE_TITLES[asking]} starter; your current files are discarded.</p>
          {error ? (
            <p role="alert" className="alert">
              The language was not switched: {error}
            </p>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
