import { useEffect, useMemo, type MouseEvent } from 'react';
import { ATTEMPT_STATES } from '../../../../shared/lifecycle.js';
import { useNow } from '../../hooks/useNow.js';
import type { AttemptRow } from '../lib/attemptRows.js';
import { STATE_LABELS } from '../lib/format.js';
import { routePath } from '../lib/route.js';
import { filterRows, sortRows, type GridSort, type SortKey } from '../lib/sortFilter.js';
import { useDash } from '../store/DashboardProvider.js';
import { HeartbeatStatus, LastSave, ResultStatus, StateBadge, TimeLeft, ViolationCountsView } from './AttemptCells.js';

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string }> = [
  { key: 'candidate', label: 'Candidate' },
  { key: 'state', label: 'State' },
  { key: 'progress', label: 'Progress' },
  { key: 'timeLeft', label: 'Time left' },
  { key: 'heartbeat', label: 'Last heartbeat' },
  { key: 'lastSave', label: 'Last save' },
  { key: 'violations', label: 'Violations' },
  { key: 'grading', label: 'Result' },
];

/** Opens an attempt in place (a plain link still works with modifier keys or a new tab). */
export function useOpenAttempt(): (event: MouseEvent<HTMLAnchorElement>, attemptId: string) => void {
  const setRoute = useDash((s) => s.setRoute);
  return (event, attemptId) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    setRoute({ screen: 'attempt', attemptId });
  };
}

function SortHeader({ column, sort, onSort }: { column: (typeof COLUMNS)[number]; sort: GridSort; onSort(key: SortKey): void }) {
  const active = sort.key === column.key;
  return (
    <th scope="col" aria-sort={active ? sort.direction : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(column.key)} data-testid={`sort-${column.key}`}>
        {column.label}
        <span className="sort-icon" aria-hidden="true">
          {active ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ⇅'}
        </span>
      </button>
    </th>
  );
}

function GridRow({ row, now }: { row: AttemptRow; now: number }) {
  const open = useOpenAttempt();
  const s = row.summary;
  return (
    <tr data-testid="attempt-row" data-attempt-id={s.attemptId} data-candidate-id={s.candidate.id}>
      <th scope="row" className="cell-candidate">
        <a className="link" href={routePath({ screen: 'attempt', attemptId: s.attemptId })} onClick={(e) => open(e, s.attemptId)}>
          {s.candidate.name}
        </a>
        <span className="meta cell-sub">{s.candidate.id}</span>
      </th>
      <td>
        <StateBadge state={s.state} />
        {s.pendingCommands > 0 ? (
          <span className="meta cell-sub">
            {s.pendingCommands} command{s.pendingCommands === 1 ? '' : 's'} not yet received
          </span>
        ) : null}
        {s.reenrollRequest ? (
          <span className="cell-sub reenroll-flag" data-testid="reenroll-flag">
            <span aria-hidden="true">⚠ </span>another device asks to check in
          </span>
        ) : null}
      </td>
      <td data-testid="progress">
        {s.progress.answered} / {s.progress.total}
      </td>
      <td>
        <TimeLeft row={row} now={now} />
      </td>
      <td>
        <HeartbeatStatus row={row} now={now} />
      </td>
      <td>
        <LastSave at={s.lastSavedAt} now={now} />
      </td>
      <td>
        <ViolationCountsView counts={s.violations} />
      </td>
      <td>
        <ResultStatus summary={s} />
      </td>
    </tr>
  );
}

/** The live grid: every attempt, filtered and sorted, ages and times counting locally each second. */
export function GridScreen() {
  const rows = useDash((s) => s.rows);
  const listLoaded = useDash((s) => s.listLoaded);
  const filter = useDash((s) => s.filter);
  const sort = useDash((s) => s.sort);
  const setFilter = useDash((s) => s.setFilter);
  const sortBy = useDash((s) => s.sortBy);
  const now = useNow(1000);

  useEffect(() => {
    document.title = 'Candidates · Vigil proctor dashboard';
  }, []);

  const all = useMemo(() => Object.values(rows), [rows]);
  const shown = useMemo(() => sortRows(filterRows(all, filter), sort, now), [all, filter, sort, now]);
  const filtered = filter.state !== 'all' || filter.text.trim() !== '';

  return (
    <main id="main" className="dash-main" data-screen="grid" tabIndex={-1}>
      <h1 tabIndex={-1}>Candidates</h1>
      <div className="grid-controls" role="search" aria-label="Filter candidates">
        <div className="field">
          <label className="field-label" htmlFor="filter-text">
            Find a candidate
          </label>
          <input
            id="filter-text"
            className="input"
            type="search"
            value={filter.text}
            placeholder="Name or id"
            onChange={(e) => setFilter({ text: e.target.value })}
            data-testid="filter-text"
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="filter-state">
            State
          </label>
          <select id="filter-state" className="input" value={filter.state} onChange={(e) => setFilter({ state: e.target.value as typeof filter.state })} data-testid="filter-state">
            <option value="all">All states</option>
            {ATTEMPT_STATES.map((state) => (
              <option key={state} value={state}>
                {STATE_LABELS[state]}
              </option>
            ))}
          </select>
        </div>
        {filtered ? (
          <button type="button" className="button button--quiet grid-clear" onClick={() => setFilter({ state: 'all', text: '' })}>
            Clear filters
          </button>
        ) : null}
      </div>
      <p className="meta grid-count" role="status" data-testid="grid-count">
        {!listLoaded ? 'Loading the candidates…' : filtered ? `Showing ${shown.length} of ${all.length} attempts` : `${all.length} attempt${all.length === 1 ? '' : 's'}`}
      </p>
      <div className="grid-wrap" role="region" aria-labelledby="grid-caption" tabIndex={0}>
        <table className="grid" data-testid="attempt-grid">
          <caption id="grid-caption">
            Attempts on this hub, updated live. Sorted by {COLUMNS.find((c) => c.key === sort.key)?.label.toLowerCase()}, {sort.direction}.
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <SortHeader key={column.key} column={column} sort={sort} onSort={sortBy} />
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <GridRow key={row.summary.attemptId} row={row} now={now} />
            ))}
            {listLoaded && shown.length === 0 ? (
              <tr>
                <td colSpan={COLUMNS.length} className="grid-empty" data-testid="grid-empty">
                  {all.length === 0 ? 'No candidate has enrolled yet. They appear here as soon as they check in with the access code.' : 'No attempt matches the filters.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </main>
  );
}
