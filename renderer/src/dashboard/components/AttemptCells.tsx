import type { AttemptSummary, ViolationCounts } from '../../../../shared/hub/proctor.js';
import { heartbeatAge, remainingNow, type AttemptRow } from '../lib/attemptRows.js';
import { ageOf, formatClock, points, spokenDuration, STATE_LABELS, timeAgo } from '../lib/format.js';
import { HEARTBEAT_LABELS, heartbeatLevel } from '../lib/heartbeat.js';

/** Small pieces the grid and the attempt page share, so both say the same thing the same way. */

export function StateBadge({ state }: { state: AttemptSummary['state'] }) {
  return (
    <span className={`state state--${state}`} data-testid="state" data-state={state}>
      {STATE_LABELS[state] ?? state}
    </span>
  );
}

/** Icon, word and age: the level is never told by colour alone. */
export function HeartbeatStatus({ row, now }: { row: AttemptRow; now: number }) {
  const age = heartbeatAge(row, now);
  const level = heartbeatLevel(age, row.summary.state);
  const { icon, word } = HEARTBEAT_LABELS[level];
  return (
    <span className={`hb hb--${level}`} data-testid="heartbeat" data-level={level}>
      <span className="hb-icon" aria-hidden="true">
        {icon}
      </span>{' '}
      <span className="hb-word">{word}</span>
      {age !== null ? <span className="hb-age"> · {timeAgo(age)}</span> : null}
      {row.summary.live && level !== 'done' ? <span className="sr-only"> (live channel open)</span> : null}
    </span>
  );
}

export function TimeLeft({ row, now }: { row: AttemptRow; now: number }) {
  const remaining = remainingNow(row, now);
  if (remaining === null) return <span className="meta">—</span>;
  const running = row.summary.state === 'in-progress';
  const low = running && remaining <= 5 * 60_000;
  return (
    <span className={low ? 'time-left time-left--low' : 'time-left'} data-testid="time-left" data-remaining-ms={Math.round(remaining)}>
      <span aria-hidden="true">
        {low ? '◷ ' : ''}
        {formatClock(remaining)}
      </span>
      <span className="sr-only">{spokenDuration(remaining)}</span>
      {!running ? <span className="meta"> (stopped)</span> : null}
    </span>
  );
}

export function LastSave({ at, now }: { at: string | null; now: number }) {
  const age = ageOf(at, now);
  if (age === null) return <span className="meta">never</span>;
  return <time dateTime={at ?? undefined}>{timeAgo(age)}</time>;
}

/** "2 critical · 1 warning · 0 info", the non-zero ones emphasised. */
export function ViolationCountsView({ counts }: { counts: ViolationCounts }) {
  return (
    <span className="vio" data-testid="violations">
      <span className={counts.critical ? 'vio-n vio-n--critical' : 'vio-n vio-n--zero'}>
        <span aria-hidden="true">{counts.critical ? '✖ ' : ''}</span>
        {counts.critical} critical
      </span>
      <span className={counts.warning ? 'vio-n vio-n--warning' : 'vio-n vio-n--zero'}>
        <span aria-hidden="true">{counts.warning ? '⚠ ' : ''}</span>
        {counts.warning} warning
      </span>
      <span className={counts.info ? 'vio-n vio-n--info' : 'vio-n vio-n--zero'}>{counts.info} info</span>
    </span>
  );
}

/** Result and grading in a few words. */
export function ResultStatus({ summary }: { summary: AttemptSummary }) {
  const g = summary.grading;
  if (!summary.result) return <span className="meta">Not submitted</span>;
  if (g.status === 'graded' && g.score !== null && g.maxScore !== null) {
    return (
      <span className="result" data-testid="result" data-status="graded">
        Graded {points(g.score)} / {points(g.maxScore)}
        {g.pendingManual > 0 ? (
          <span className="result-pending">
            {' '}
            · {g.pendingManual} essay{g.pendingManual === 1 ? '' : 's'} to grade
          </span>
        ) : null}
        <span className="cell-sub" data-testid="result-percent">
          {g.maxScore > 0 ? `${Math.round((100 * g.score) / g.maxScore)}%` : '—'}
          {summary.result.submitReason === 'proctor' ? (
            <span className="submit--forced">
              {' '}
              · <span aria-hidden="true">⚠ </span>force-submitted
            </span>
          ) : summary.result.submitReason === 'time-up' ? (
            ' · time ran out'
          ) : null}
        </span>
      </span>
    );
  }
  if (g.status === 'refused') {
    return (
      <span className="result result--error" data-testid="result" data-status="refused">
        <span aria-hidden="true">⚠ </span>Refused: answers disagree with the journal
      </span>
    );
  }
  if (g.status === 'incomplete-journal') {
    return (
      <span className="result" data-testid="result" data-status="incomplete-journal">
        Received, incomplete journal
      </span>
    );
  }
  if (g.status === 'error') {
    return (
      <span className="result result--error" data-testid="result" data-status="error">
        <span aria-hidden="true">⚠ </span>Grading failed
      </span>
    );
  }
  return (
    <span className="result" data-testid="result" data-status={g.status}>
      Received, grading…
    </span>
  );
}
