import { useMemo, useState } from 'react';
import type { JournalEntry } from '../../../../shared/journal.js';
import { recordingsFromTimeline } from '../lib/asciicast.js';
import { formatClock } from '../lib/format.js';
import { CastPlayer } from './CastPlayer.js';

/** The coding items' terminal sessions that reached the hub, each replayable. */
export function TerminalReplay({ timeline }: { timeline: readonly JournalEntry[] }) {
  const recordings = useMemo(() => recordingsFromTimeline(timeline), [timeline]);
  const [selected, setSelected] = useState<string | null>(null);
  if (recordings.length === 0) {
    return (
      <p className="meta" data-testid="no-recordings">
        No terminal recording has reached the hub for this attempt. Recordings are kept on the candidate’s laptop (
        <code>terminal/&lt;item&gt;-&lt;n&gt;.cast</code> in the attempt folder) and play with <code>asciinema play</code>.
      </p>
    );
  }
  const key = (r: (typeof recordings)[number]) => `${r.itemId}-${r.session}`;
  const current = recordings.find((r) => key(r) === selected) ?? null;
  return (
    <div className="replays">
      <ul className="replay-list">
        {recordings.map((r) => (
          <li key={key(r)}>
            <button type="button" className="button button--small" aria-pressed={current !== null && key(current) === key(r)} onClick={() => setSelected(key(r))}>
              {r.itemId}, session {r.session} <span className="meta">({formatClock(r.cast.duration * 1000)})</span>
            </button>
          </li>
        ))}
      </ul>
      {current ? <CastPlayer key={key(current)} cast={current.cast} title={`${current.itemId}, session ${current.session}`} /> : null}
    </div>
  );
}
