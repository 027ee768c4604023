import { timeAgo } from '../lib/format.js';
import { useNow } from '../hooks/useNow.js';
import type { SaveSnapshot } from '../store/saveQueue.js';

export interface SaveIndicatorProps {
  save: SaveSnapshot;
  onRetry(): void;
  /** Workspace files whose save waits for the candidate's choice: changed on disk meanwhile. */
  conflicts?: readonly string[];
}

/** One state for answers and workspace files together: failing beats saving beats saved. */
export function mergeSaves(a: SaveSnapshot, b: SaveSnapshot): SaveSnapshot {
  const status = a.status === 'failed' || b.status === 'failed' ? 'failed' : a.status === 'saving' || b.status === 'saving' ? 'saving' : a.status === 'saved' || b.status === 'saved' ? 'saved' : 'idle';
  const times = [a.lastSavedAt, b.lastSavedAt].filter((t): t is number => t !== null);
  const retries = [a.retryAt, b.retryAt].filter((t): t is number => t !== null);
  return {
    status,
    lastSavedAt: times.length > 0 ? Math.max(...times) : null,
    error: a.error ?? b.error,
    retryAt: retries.length > 0 ? Math.min(...retries) : null,
    unsaved: [...a.unsaved, ...b.unsaved],
  };
}

/**
 * "Saved · 2 s ago", driven by the engine's durable acknowledgement; "Saving…" while a change is
 * pending; a loud alert with Retry when saving fails. Screen readers hear the state changes through
 * a polite live region (not the ticking relative time).
 */
export function SaveIndicator({ save, onRetry, conflicts = [] }: SaveIndicatorProps) {
  const now = useNow(1000, save.status === 'saved' || save.status === 'failed');
  const announcement = save.status === 'saving' ? 'Saving…' : save.status === 'saved' ? 'All answers saved' : '';

  if (conflicts.length > 0 && save.status !== 'failed') {
    return (
      <div className="save save--failed" role="alert" data-testid="save-status" data-status="conflict">
        <p className="save-text">
          <span aria-hidden="true">⚠ </span>
          <strong>Not saved.</strong> {conflicts.join(', ')} changed on disk while you edited {conflicts.length === 1 ? 'it' : 'them'}: choose in the editor which version to keep.
        </p>
      </div>
    );
  }

  if (save.status === 'failed') {
    const retryIn = save.retryAt !== null ? Math.max(0, Math.ceil((save.retryAt - now) / 1000)) : null;
    return (
      <div className="save save--failed" role="alert" data-testid="save-status" data-status="failed">
        <p className="save-text">
          <span aria-hidden="true">⚠ </span>
          <strong>Not saved.</strong> {save.error ? `${save.error}. ` : ''}Your answer is kept on this screen
          {retryIn !== null ? `; trying again in ${retryIn} s.` : '; trying again now.'}
        </p>
        <button type="button" className="button button--small" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }

  const text =
    save.status === 'saving'
      ? 'Saving…'
      : save.status === 'saved' && save.lastSavedAt !== null
        ? `Saved · ${timeAgo(now - save.lastSavedAt)}`
        : 'Autosave on';
  return (
    <div className={`save save--${save.status}`} data-testid="save-status" data-status={save.status}>
      <span className="save-text">
        <span aria-hidden="true" className="save-icon">
          {save.status === 'saving' ? '↻' : save.status === 'saved' ? '✓' : '•'}{' '}
        </span>
        {text}
      </span>
      <span role="status" className="sr-only">
        {announcement}
      </span>
    </div>
  );
}
