import { timeAgo } from '../lib/format.js';
import { useNow } from '../hooks/useNow.js';
import type { SaveSnapshot } from '../store/saveQueue.js';

export interface SaveIndicatorProps {
  save: SaveSnapshot;
  onRetry(): void;
}

/**
 * "Saved · 2 s ago", driven by the engine's durable acknowledgement; "Saving…" while a change is
 * pending; a loud alert with Retry when saving fails. Screen readers hear the state changes through
 * a polite live region (not the ticking relative time).
 */
export function SaveIndicator({ save, onRetry }: SaveIndicatorProps) {
  const now = useNow(1000, save.status === 'saved' || save.status === 'failed');
  const announcement = save.status === 'saving' ? 'Saving…' : save.status === 'saved' ? 'All answers saved' : '';

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
