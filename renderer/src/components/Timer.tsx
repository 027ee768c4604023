import type { TimerView } from '../../../shared/attemptView.js';
import { useNow } from '../hooks/useNow.js';
import { formatClock, spokenDuration } from '../lib/format.js';
import { remainingAt } from '../store/timerSlice.js';

export type TimerLevel = 'normal' | 'low' | 'critical';

/** "Last minutes" styling starts at the smallest of 5 minutes and the first warning; critical in the last minute. */
export function timerLevel(remainingMs: number, warnAtMinutes: readonly number[]): TimerLevel {
  if (remainingMs <= 60_000) return 'critical';
  const firstWarning = warnAtMinutes.length ? Math.max(...warnAtMinutes) : 5;
  const lowAt = Math.min(5, firstWarning) * 60_000;
  return remainingMs <= Math.max(lowAt, 60_000) ? 'low' : 'normal';
}

/** The exam clock, always visible in the header. Not a live region: warnings are announced separately. */
export function Timer({ timer, timerAt }: { timer: TimerView; timerAt: number }) {
  const now = useNow(250, timer.running);
  const remaining = remainingAt(timer, timerAt, now);
  const level = timerLevel(remaining, timer.warnAtMinutes);
  return (
    <div className={`timer timer--${level}`} role="timer" aria-label={`Time left: ${spokenDuration(remaining)}${timer.running ? '' : ', clock stopped'}`} data-testid="timer" data-remaining-ms={Math.round(remaining)}>
      <span className="timer-label" aria-hidden="true">
        {level === 'normal' ? 'Time left' : level === 'low' ? '◷ Time left' : '⚠ Last minute'}
      </span>
      <span className="timer-value" aria-hidden="true">
        {formatClock(remaining)}
      </span>
      {!timer.running ? (
        <span className="timer-state" aria-hidden="true">
          (stopped)
        </span>
      ) : null}
    </div>
  );
}
