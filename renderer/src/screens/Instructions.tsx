import { useRef, useState } from 'react';
import type { ExamView } from '../../../shared/contract.js';
import { AppHeader } from '../components/AppHeader.js';
import { Markdown } from '../components/Markdown.js';
import { describeMinutes } from '../lib/format.js';
import { useApp } from '../store/StoreProvider.js';

/** The exam's instructions, then a clear Start. The clock starts only then. */
export function Instructions({ exam }: { exam: ExamView }) {
  const startAttempt = useApp((s) => s.startAttempt);
  const durationMs = useApp((s) => s.attempt?.timer.durationMs ?? exam.timing.durationMinutes * 60_000);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);
  const itemCount = exam.sections.reduce((n, s) => n + s.items.length, 0);

  async function start() {
    if (busy) return;
    setBusy(true);
    setError(null);
    const outcome = await startAttempt();
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.message);
      errorRef.current?.focus();
    }
  }

  return (
    <>
      <AppHeader title={exam.title} />
      <main id="main" className="screen" aria-labelledby="instructions-title" data-screen="instructions">
        <h1 id="instructions-title">Instructions</h1>
        <ul className="facts" aria-label="About this exam">
          <li>
            <strong>Time:</strong> {describeMinutes(durationMs / 60_000)}
            {exam.timing.clock === 'active' ? ' (the clock stops while the exam is paused)' : ' (a fixed deadline from the start)'}
          </li>
          <li>
            <strong>Questions:</strong> {itemCount}
          </li>
          <li>
            <strong>Saving:</strong> every answer is saved on this computer as you work
          </li>
        </ul>
        {exam.instructions ? <Markdown text={exam.instructions} headingBase={1} className="instructions" /> : null}
        <p>
          Press <kbd>?</kbd> at any time (outside a text field) for keyboard shortcuts.
        </p>
        <div ref={errorRef} role="alert" tabIndex={-1} className={error ? 'alert' : 'alert alert--empty'}>
          {error}
        </div>
        <button type="button" className="button button--primary button--large" onClick={() => void start()} data-testid="start">
          {busy ? 'Starting…' : 'Start the exam'}
        </button>
      </main>
    </>
  );
}
