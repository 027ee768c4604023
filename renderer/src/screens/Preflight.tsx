import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PreflightCheck } from '../../../shared/attemptView.js';
import type { ExamView } from '../../../shared/contract.js';
import { AppHeader } from '../components/AppHeader.js';
import { useApp } from '../store/StoreProvider.js';

const STATUS_TEXT: Record<PreflightCheck['status'], { icon: string; word: string }> = {
  pass: { icon: '✓', word: 'Passed' },
  warn: { icon: '!', word: 'Warning' },
  fail: { icon: '✗', word: 'Failed' },
};

/** Pre-flight: every check with its result and what to do; continue when allowed, or with a proctor's override. */
export function Preflight({ exam }: { exam: ExamView }) {
  const preflight = useApp((s) => s.preflight);
  const loadPreflight = useApp((s) => s.loadPreflight);
  const completePreflight = useApp((s) => s.completePreflight);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void loadPreflight();
  }, [loadPreflight]);

  const checks = preflight.checks;
  const failed = checks?.filter((c) => c.status === 'fail') ?? [];
  const blocking = failed.filter((c) => !c.overridable);
  // In a practice exam nobody proctors: a failed check that a proctor could waive only warns.
  const practice = exam.mode === 'practice';
  const needsOverride = !practice && failed.length > 0 && blocking.length === 0;
  const canContinue = checks !== null && blocking.length === 0 && !needsOverride;

  async function proceed(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    if (needsOverride && !code.trim()) {
      setError('Enter the override code from your proctor.');
      errorRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const outcome = await completePreflight(needsOverride ? code.trim() : undefined);
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.message);
      errorRef.current?.focus();
    }
  }

  return (
    <>
      <AppHeader title={exam.title} />
      <main id="main" className="screen" aria-labelledby="preflight-title" data-screen="preflight">
        <h1 id="preflight-title">Checking this computer</h1>
        <p>Before the exam starts, Vigil checks that this computer is ready. Each check says what it found and what to do.</p>
        {!checks ? (
          <p aria-busy="true" role="status">
            {preflight.error ? `The checks could not run: ${preflight.error}` : 'Running the checks…'}
          </p>
        ) : (
          <ul className="checks" aria-label="Checks">
            {checks.map((c) => (
              <li key={c.id} className={`check check--${c.status}`} data-check={c.id} data-status={c.status}>
                <span className="check-status">
                  <span aria-hidden="true" className="check-icon">
                    {STATUS_TEXT[c.status].icon}
                  </span>{' '}
                  {STATUS_TEXT[c.status].word}
                </span>
                <span className="check-body">
                  <strong className="check-title">{c.title}</strong>
                  <span className="check-detail">{c.detail}</span>
                  {c.status === 'fail' ? (
                    <span className="check-note">
                      {!c.overridable
                        ? 'This must be fixed before the exam can start.'
                        : practice
                          ? 'In a practice exam you may continue anyway.'
                          : 'Your proctor can let you continue with an override code.'}
                    </span>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
        <div ref={errorRef} role="alert" tabIndex={-1} className={error ? 'alert' : 'alert alert--empty'}>
          {error ? (
            <>
              <span aria-hidden="true">⚠ </span>
              {error}
            </>
          ) : null}
        </div>
        {checks && blocking.length > 0 ? (
          <p className="callout">
            {blocking.length === 1 ? 'One check' : `${blocking.length} checks`} failed and must be fixed before you can continue. Fix what is described above, then check again, or ask
            your proctor for help.
          </p>
        ) : null}
        {checks && needsOverride ? (
          <form className="form" noValidate onSubmit={(e) => void proceed(e)}>
            <div className="field">
              <label htmlFor="override-code" className="field-label">
                Proctor override code
              </label>
              <p id="override-hint" className="field-hint">
                A check failed that your proctor may waive. Ask them to enter or tell you the override code.
              </p>
              <input id="override-code" className="input" type="text" autoComplete="off" spellCheck={false} value={code} aria-describedby="override-hint" onChange={(e) => setCode(e.currentTarget.value)} />
            </div>
            <button type="submit" className="button button--primary">
              {busy ? 'Continuing…' : 'Continue with override'}
            </button>
          </form>
        ) : null}
        <div className="actions">
          {canContinue ? (
            <button type="button" className="button button--primary" onClick={() => void proceed()}>
              {busy ? 'Continuing…' : 'Continue'}
            </button>
          ) : null}
          <button type="button" className="button" onClick={() => void loadPreflight()}>
            Check again
          </button>
        </div>
      </main>
    </>
  );
}
