import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { VisibleTest, WorkspaceRunTestsResult } from '../../../shared/workspace.js';

export type TestRun = { phase: 'idle' } | { phase: 'running' } | { phase: 'done'; result: WorkspaceRunTestsResult } | { phase: 'failed'; error: string };

const STATUS_WORD: Record<VisibleTest['status'], string> = { pass: 'Passed', fail: 'Failed', skip: 'Skipped', todo: 'To do' };
const STATUS_ICON: Record<VisibleTest['status'], string> = { pass: '✓', fail: '✗', skip: '–', todo: '…' };

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "3 passed, 1 failed": the run's summary in words. */
export function summarise(tests: readonly VisibleTest[]): string {
  const count = (s: VisibleTest['status']) => tests.filter((t) => t.status === s).length;
  const parts = [`${count('pass')} passed`, `${count('fail')} failed`];
  if (count('skip') > 0) parts.push(`${count('skip')} skipped`);
  if (count('todo') > 0) parts.push(`${count('todo')} to do`);
  return parts.join(', ');
}

/**
 * The visible tests' results as data (issue 18): one row per test with its status in words,
 * duration and failure message; a failure with a known line opens it in the editor. The run's
 * raw output is the second tab. Tabs follow the WAI-ARIA pattern (arrows move, one Tab stop).
 */
export function TestResults({ run, onJump }: { run: TestRun; onJump(path: string, line: number): void }) {
  const [tab, setTab] = useState<'results' | 'output'>('results');
  const id = useId();
  const refs = { results: useRef<HTMLButtonElement>(null), output: useRef<HTMLButtonElement>(null) };
  const onTabKey = (event: KeyboardEvent) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const next = tab === 'results' ? 'output' : 'results';
    const target = event.key === 'Home' ? 'results' : event.key === 'End' ? 'output' : next;
    setTab(target);
    refs[target].current?.focus();
  };

  if (run.phase === 'idle') return <p className="editor-hint">Press Run tests: your files are saved first, then the visible tests run and their results show here.</p>;
  if (run.phase === 'running') return <p role="status" className="editor-hint">Saving your files and running the tests…</p>;
  if (run.phase === 'failed') {
    return (
      <p role="alert" className="alert">
        The tests could not run: {run.error}
      </p>
    );
  }
  const { result } = run;
  return (
    <div className="test-results" data-testid="test-results">
      <p role="status" className="test-summary" data-testid="test-summary">
        {result.tests.length > 0 ? summarise(result.tests) : 'No test results could be read from the output.'}
        {result.timedOut ? ' The run was stopped: it took too long.' : ''} <span className="meta">({formatMs(result.durationMs)}, <code>{result.command}</code>)</span>
      </p>
      <div role="tablist" aria-label="Test run" className="subtabs" onKeyDown={onTabKey}>
        <button type="button" role="tab" ref={refs.results} id={`${id}-results`} aria-controls={`${id}-results-panel`} aria-selected={tab === 'results'} tabIndex={tab === 'results' ? 0 : -1} onClick={() => setTab('results')}>
          Results
        </button>
        <button type="button" role="tab" ref={refs.output} id={`${id}-output`} aria-controls={`${id}-output-panel`} aria-selected={tab === 'output'} tabIndex={tab === 'output' ? 0 : -1} onClick={() => setTab('output')} data-testid="test-output-tab">
          Raw output
        </button>
      </div>
      <div role="tabpanel" id={`${id}-results-panel`} aria-labelledby={`${id}-results`} hidden={tab !== 'results'} className="test-results-panel">
        <ul className="test-list" aria-label="Tests">
          {result.tests.map((t) => (
            <li key={t.id} className={`test-row is-${t.status}`} data-testid="test-row" data-status={t.status}>
              <span className="test-status">
                <span aria-hidden="true">{STATUS_ICON[t.status]} </span>
                {STATUS_WORD[t.status]}
              </span>
              <span className="test-name">{t.id}</span>
              {t.durationMs !== undefined ? <span className="meta test-duration">{formatMs(t.durationMs)}</span> : null}
              {t.location ? (
                <button type="button" className="button button--small test-jump" onClick={() => t.location && onJump(t.location.path, t.location.line)}>
                  Go to {t.location.path}:{t.location.line}
                </button>
              ) : null}
              {t.message ? <pre className="test-message">{t.message}</pre> : null}
            </li>
          ))}
        </ul>
      </div>
      <div role="tabpanel" id={`${id}-output-panel`} aria-labelledby={`${id}-output`} hidden={tab !== 'output'} tabIndex={0} className="test-output-panel">
        {result.outputCut ? <p className="meta">Only the end of the output is shown.</p> : null}
        <pre className="test-output" data-testid="test-output">{result.output}</pre>
      </div>
    </div>
  );
}
