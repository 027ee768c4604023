import { useId, useMemo, useState } from 'react';
import { journalEntryTypeSchema, type JournalEntry, type JournalEntryType } from '../../../../shared/journal.js';
import { clockTime } from '../lib/format.js';
import { describeEntry, entryTypeLabel } from '../lib/timeline.js';

/** Entries shown at first; long attempts have thousands (every answer change is one). */
const PAGE = 200;

/** Every journal entry the hub holds, newest first, filterable by type. */
export function Timeline({ entries }: { entries: readonly JournalEntry[] }) {
  const [type, setType] = useState<JournalEntryType | 'all'>('all');
  const [limit, setLimit] = useState(PAGE);
  const id = useId();
  const counts = useMemo(() => {
    const c = new Map<JournalEntryType, number>();
    for (const e of entries) c.set(e.type, (c.get(e.type) ?? 0) + 1);
    return c;
  }, [entries]);
  const matching = useMemo(() => entries.filter((e) => type === 'all' || e.type === type).reverse(), [entries, type]);
  const shown = matching.slice(0, limit);

  return (
    <div className="timeline">
      <div className="field timeline-filter">
        <label className="field-label" htmlFor={`${id}-type`}>
          Show
        </label>
        <select
          id={`${id}-type`}
          className="input"
          value={type}
          onChange={(e) => {
            setType(e.target.value as JournalEntryType | 'all');
            setLimit(PAGE);
          }}
          data-testid="timeline-filter"
        >
          <option value="all">All entries ({entries.length})</option>
          {journalEntryTypeSchema.options.map((t) => (
            <option key={t} value={t} disabled={!counts.get(t)}>
              {entryTypeLabel(t)} ({counts.get(t) ?? 0})
            </option>
          ))}
        </select>
      </div>
      {matching.length === 0 ? (
        <p className="meta">{entries.length === 0 ? 'The hub holds no journal entries for this attempt yet.' : 'No entries of this type.'}</p>
      ) : (
        <ol className="timeline-list" data-testid="timeline">
          {shown.map((entry) => (
            <li key={entry.seq} className={`tl tl--${entry.type}${entry.type === 'violation' ? ` tl--${String((entry.data as { severity?: unknown } | null)?.severity ?? '')}` : ''}`} data-type={entry.type}>
              <time className="tl-time" dateTime={entry.at}>
                {clockTime(entry.at)}
              </time>
              <span className="tl-type">{entryTypeLabel(entry.type)}</span>
              <span className="tl-text">{describeEntry(entry)}</span>
              <span className="tl-seq meta">#{entry.seq}</span>
            </li>
          ))}
        </ol>
      )}
      {matching.length > shown.length ? (
        <button type="button" className="button button--small" onClick={() => setLimit(limit + PAGE * 5)}>
          Show {Math.min(PAGE * 5, matching.length - shown.length)} older entries
        </button>
      ) : null}
    </div>
  );
}
