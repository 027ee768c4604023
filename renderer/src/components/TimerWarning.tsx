import { useEffect } from 'react';
import { useApp } from '../store/StoreProvider.js';

const SHOW_MS = 20_000;

function minutesText(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)} seconds left`;
  return `${minutes} minute${minutes === 1 ? '' : 's'} left`;
}

/**
 * Timer warnings (the engine's `timerWarning` event): announced assertively through a live region
 * that is always in the page (so screen readers pick up the change), and shown for a while.
 */
export function TimerWarning() {
  const warning = useApp((s) => s.timerWarning);
  const dismiss = useApp((s) => s.dismissTimerWarning);
  useEffect(() => {
    if (!warning) return;
    const id = setTimeout(dismiss, SHOW_MS);
    return () => clearTimeout(id);
  }, [warning, dismiss]);
  const text = warning ? minutesText(warning.minutesLeft) : '';
  return (
    <div role="region" aria-label="Time warnings" className="toasts">
      <div className="sr-only" aria-live="assertive" aria-atomic="true" data-testid="timer-announcer">
        {text ? `Time warning: ${text}.` : ''}
      </div>
      {warning ? (
        <div className="toast toast--warning" data-testid="timer-warning">
          <p>
            <span aria-hidden="true">◷ </span>
            <strong>{text}.</strong> Your answers are saved as you go.
          </p>
          <button type="button" className="button button--small" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}
