import { useId, useState } from 'react';
import type { ItemOf, Language } from '../../../shared/exam/examSchema.js';
import { LANGUAGE_TITLES } from '../../../shared/exam/languages.js';
import { Markdown } from '../components/Markdown.js';
import { useCodingApi } from '../terminal/codingApi.js';
import { useApp, useAppStore } from '../store/StoreProvider.js';
import { choosableLanguages } from './codingItemFields.js';

/**
 * What a multi-language coding item shows until the candidate picks a language (issue 16, point
 * 6): one button per offered language this computer has, and the task text to read before
 * choosing. The pick is the engine's (journaled, sent with the result); the IDE opens once the
 * attempt view names it, on the language's starter files.
 */
export function LanguageChoice({ item, languages }: { item: ItemOf<'coding'>; languages: readonly Language[] }) {
  const api = useCodingApi();
  const store = useAppStore();
  const installed = useApp((s) => s.attempt?.installedLanguages ?? null);
  const { shown, missing } = choosableLanguages(languages, installed);
  const [busy, setBusy] = useState<Language | null>(null);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();

  const pick = async (language: Language) => {
    setBusy(language);
    setError(null);
    try {
      store.getState().applyAttempt(await api.workspacePickLanguage({ itemId: item.id, language }));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(null);
    }
  };

  return (
    <div className="language-choice" data-testid="language-choice">
      <section className="language-choice-card" aria-labelledby={titleId}>
        <h2 id={titleId}>Choose the language you will write this task in</h2>
        <p className="language-choice-hint">Your workspace starts from that language&rsquo;s starter files. You can switch later, but switching resets your workspace and discards your files.</p>
        <div className="language-choice-buttons" role="group" aria-labelledby={titleId}>
          {shown.map((language) => (
            <button key={language} type="button" className="button button--large" onClick={() => void pick(language)} disabled={busy !== null} data-testid={`pick-${language}`}>
              {busy === language ? `Preparing ${LANGUAGE_TITLES[language]}…` : LANGUAGE_TITLES[language]}
            </button>
          ))}
        </div>
        {missing.length > 0 ? <p className="language-choice-hint">Not installed on this computer: {missing.map((l) => LANGUAGE_TITLES[l]).join(', ')}.</p> : null}
        {error ? (
          <p role="alert" className="alert">
            The language could not be set: {error}
          </p>
        ) : null}
      </section>
      <section className="language-choice-task" aria-label="Task text">
        <Markdown text={item.prompt} headingBase={2} />
      </section>
    </div>
  );
}
