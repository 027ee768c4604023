import { Fragment, useEffect, useMemo, useState } from 'react';
import { cohortReplySchema, type CohortReply, type CohortRow } from '../../../../shared/hub/cohort.js';
import { downloadBlob } from '../api/downloadBlob.js';
import type { HubClient } from '../api/hubClient.js';
import {
  DEFAULT_COHORT_FILTER,
  DEFAULT_COHORT_SORT,
  filterCohort,
  histogram,
  mergeSittings,
  minutes,
  nextCohortSort,
  ordinal,
  sortCohort,
  violationTotal,
  type CohortFilter,
  type CohortSort,
  type CohortSortKey,
} from '../lib/cohortTable.js';
import { points } from '../lib/format.js';
import { useHubData } from '../lib/useHubData.js';
import { useGradingVersion } from './gradingVersion.js';
import { describeFailure } from '../store/dashboardStore.js';
import { RouteLink } from './RouteLink.js';
import { useShortlist } from './shortlist.js';

const SUBMIT_TEXT: Readonly<Record<CohortRow['submitReason'], string>> = { candidate: 'submitted by the candidate', 'time-up': 'time ran out', proctor: 'force-submitted by a proctor' };
const pct = (n: number | null): string => (n === null ? '—' : `${Math.round(n)}%`);

/** The ranked cohort for hiring managers: sort, filter, shortlist, compare 2 to 4, distributions, exports. */
export function CohortScreen({ client }: { client: HubClient }) {
  const version = useGradingVersion();
  // One sitting or (by default) every sitting of the exam, ranked together.
  const [sittingId, setSittingId] = useState<string>('');
  const { data: sittings } = useHubData(async () => {
    const exam = await client.exam();
    return (await client.sittings()).filter((s) => s.examId === exam.id);
  }, [client]);
  const { data, error, loading, reload } = useHubData(async () => client.cohort((await client.exam()).id, sittingId || undefined), [client, version, sittingId]);
  const [sort, setSort] = useState<CohortSort>(DEFAULT_COHORT_SORT);
  const [filter, setFilter] = useState<CohortFilter>(DEFAULT_COHORT_FILTER);
  const { shortlist, toggle, clear } = useShortlist(data?.exam.id ?? null);
  useEffect(() => {
    document.title = 'Cohort and ranking · Vigil proctor dashboard';
  }, []);
  const [others, setOthers] = useState<Array<{ label: string; cohort: CohortReply }>>([]);
  const [sittingError, setSittingError] = useState<string | null>(null);
  // With other sittings' exports loaded, ranks and percentiles are over every sitting of the exam.
  const merged = useMemo(() => (data && others.length > 0 ? mergeSittings([{ label: 'This hub', cohort: data }, ...others]) : null), [data, others]);
  const all: CohortRow[] = merged ? merged.rows : (data?.rows ?? []);
  const sittingOf = useMemo(() => new Map(merged ? merged.rows.map((r) => [r.attemptId, r.sitting]) : []), [merged]);
  const cohort: CohortReply | null = data ? { ...data, rows: all } : null;
  const shown = useMemo(() => sortCohort(filterCohort(all, filter, shortlist), sort), [all, filter, shortlist, sort]);
  const compared = all.filter((r) => shortlist.has(r.attemptId));

  async function addSitting(files: FileList | null) {
    setSittingError(null);
    for (const file of Array.from(files ?? [])) {
      let parsed: ReturnType<typeof cohortReplySchema.safeParse>;
      try {
        parsed = cohortReplySchema.safeParse(JSON.parse(await file.text()));
      } catch (error) {
        setSittingError(`${file.name} is not JSON (${error instanceof Error ? error.message : String(error)}).`);
        continue;
      }
      if (!parsed.success) {
        setSittingError(`${file.name} is not a cohort export (Export JSON on another hub's cohort page).`);
        continue;
      }
      if (data && parsed.data.exam.id !== data.exam.id) {
        setSittingError(`${file.name} is for exam ${parsed.data.exam.id}, not ${data.exam.id}.`);
        continue;
      }
      const cohortFile = parsed.data;
      setOthers((list) => [...list.filter((o) => o.label !== file.name), { label: file.name, cohort: cohortFile }]);
    }
  }

  return (
    <main id="main" className="dash-main" data-screen="cohort" tabIndex={-1}>
      <h1 tabIndex={-1}>Cohort and ranking {data ? <span className="meta h1-sub">{data.exam.title}</span> : null}</h1>
      {error ? (
        <p className="alert" role="alert">
          The cohort could not be loaded: {error}
        </p>
      ) : null}
      {loading && !data ? <p className="loading" aria-busy="true">Loading the cohort…</p> : null}
      {data ? (
        <>
          <p className="meta">
            {data.rows.length} graded of {data.enrolled} enrolled{others.length > 0 ? `, plus ${all.length - data.rows.length} from ${others.length} other sitting${others.length === 1 ? '' : 's'}` : ''}. Ranked by percentage; equal percentages share a rank. The percentile is the share of this sitting scoring below
            the candidate (ties count half). Similarity flags and violations are for a person to review: they never change a score.
          </p>
          {sittings && sittings.length > 1 ? (
            <div className="field">
              <label className="field-label" htmlFor="cohort-sitting-pick">
                Sitting
              </label>
              <select id="cohort-sitting-pick" className="input" value={sittingId} onChange={(e) => setSittingId(e.target.value)} data-testid="cohort-sitting-pick">
                <option value="">All {sittings.length} sittings of this exam</option>
                {sittings.map((s) => (
                  <option key={s.sittingId} value={s.sittingId}>
                    {s.name}
                    {s.closedAt ? ' (closed)' : ''}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <Exports client={client} data={data} sittingId={sittingId || undefined} onReload={reload} />
          <div className="grid-controls sittings">
            <div className="field">
              <label className="field-label" htmlFor="cohort-sitting">
                Compare across sittings: add another sitting&apos;s cohort export (JSON)
              </label>
              <input id="cohort-sitting" className="input" type="file" accept="application/json,.json" multiple onChange={(e) => void addSitting(e.target.files)} data-testid="cohort-sitting" />
            </div>
            {others.length > 0 ? (
              <p className="meta" data-testid="cohort-sittings">
                Sittings: this hub, {others.map((o) => o.label).join(', ')}.{' '}
                <button type="button" className="button button--quiet" onClick={() => setOthers([])}>
                  This hub only
                </button>
              </p>
            ) : null}
            {sittingError ? (
              <p role="alert" className="field-error">
                {sittingError}
              </p>
            ) : null}
          </div>
          <CohortFilters filter={filter} onChange={setFilter} shortlisted={shortlist.size} onClearShortlist={clear} />
          <p className="meta grid-count" role="status" data-testid="cohort-count">
            Showing {shown.length} of {all.length} candidates · {shortlist.size} shortlisted
          </p>
          <CohortTable data={cohort ?? data} rows={shown} sort={sort} onSort={(key) => setSort(nextCohortSort(sort, key))} shortlist={shortlist} onToggle={toggle} sittingOf={sittingOf} />
          <section aria-labelledby="sec-compare" className="dash-section">
            <h2 id="sec-compare">Side by side</h2>
            <Comparison data={data} rows={compared} />
          </section>
          <section aria-labelledby="sec-distribution" className="dash-section">
            <h2 id="sec-distribution">Distribution per skill</h2>
            <Distributions data={cohort ?? data} />
          </section>
        </>
      ) : null}
    </main>
  );
}

function Exports({ client, data, sittingId, onReload }: { client: HubClient; data: CohortReply; sittingId: string | undefined; onReload(): void }) {
  const [error, setError] = useState<string | null>(null);
  async function csv() {
    setError(null);
    try {
      const { blob, filename } = await client.download(`/exams/${encodeURIComponent(data.exam.id)}/cohort.csv${sittingId ? `?sitting=${encodeURIComponent(sittingId)}` : ''}`, `cohort-${data.exam.id}.csv`);
      downloadBlob(blob, filename);
    } catch (failure) {
      setError(`The CSV could not be downloaded: ${describeFailure(failure)}`);
    }
  }
  const json = () => downloadBlob(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), `cohort-${data.exam.id}.json`);
  return (
    <div className="grid-controls">
      <button type="button" className="button button--quiet" onClick={() => void csv()} data-testid="cohort-csv">
        <span aria-hidden="true">⤓ </span>Export CSV
      </button>
      <button type="button" className="button button--quiet" onClick={json} data-testid="cohort-json">
        <span aria-hidden="true">⤓ </span>Export JSON
      </button>
      <button type="button" className="button button--quiet" onClick={onReload}>
        <span aria-hidden="true">↻ </span>Refresh
      </button>
      {error ? (
        <span role="alert" className="field-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function CohortFilters({ filter, onChange, shortlisted, onClearShortlist }: { filter: CohortFilter; onChange(f: CohortFilter): void; shortlisted: number; onClearShortlist(): void }) {
  return (
    <div className="grid-controls" role="search" aria-label="Filter the cohort">
      <div className="field">
        <label className="field-label" htmlFor="cohort-text">
          Find a candidate
        </label>
        <input id="cohort-text" className="input" type="search" placeholder="Name or id" value={filter.text} onChange={(e) => onChange({ ...filter, text: e.target.value })} />
      </div>
      <div className="field field--narrow">
        <label className="field-label" htmlFor="cohort-min">
          At least (%)
        </label>
        <input
          id="cohort-min"
          className="input"
          type="number"
          min={0}
          max={100}
          step={5}
          value={filter.minPercent}
          onChange={(e) => onChange({ ...filter, minPercent: Number.isFinite(e.target.valueAsNumber) ? e.target.valueAsNumber : 0 })}
          data-testid="cohort-min"
        />
      </div>
      <label className="inline-check">
        <input type="checkbox" checked={filter.shortlistOnly} onChange={(e) => onChange({ ...filter, shortlistOnly: e.target.checked })} data-testid="shortlist-only" /> Shortlisted only
      </label>
      {shortlisted > 0 ? (
        <button type="button" className="button button--quiet" onClick={onClearShortlist}>
          Clear shortlist
        </button>
      ) : null}
    </div>
  );
}

function SortHeader({ label, sortKey, sort, onSort, narrow }: { label: string; sortKey: CohortSortKey; sort: CohortSort; onSort(key: CohortSortKey): void; narrow?: boolean }) {
  const active = sort.key === sortKey;
  return (
    <th scope="col" aria-sort={active ? sort.direction : undefined} className={narrow ? 'col-narrow' : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(sortKey)} data-testid={`sort-${sortKey}`}>
        {label}
        <span className="sort-icon" aria-hidden="true">
          {active ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
      </button>
    </th>
  );
}

function CohortTable({
  data,
  rows,
  sort,
  onSort,
  shortlist,
  onToggle,
  sittingOf,
}: {
  data: CohortReply;
  rows: CohortRow[];
  sort: CohortSort;
  onSort(key: CohortSortKey): void;
  shortlist: ReadonlySet<string>;
  onToggle(attemptId: string, on: boolean): void;
  /** The sitting of each row, when several are shown. */
  sittingOf: ReadonlyMap<string, string>;
}) {
  const skills = data.exam.skills;
  return (
    <div className="grid-wrap" role="region" aria-labelledby="cohort-caption" tabIndex={0}>
      <table className="grid cohort" data-testid="cohort-table">
        <caption id="cohort-caption">Graded candidates</caption>
        <thead>
          <tr>
            <th scope="col" className="col-narrow">
              <span className="sr-only">Shortlist</span>
              <span aria-hidden="true">★</span>
            </th>
            <SortHeader label="Rank" sortKey="rank" sort={sort} onSort={onSort} narrow />
            <SortHeader label="Candidate" sortKey="candidate" sort={sort} onSort={onSort} />
            <SortHeader label="Total" sortKey="percent" sort={sort} onSort={onSort} />
            {skills.map((s) => (
              <SortHeader key={s.id} label={s.title} sortKey={`skill:${s.id}`} sort={sort} onSort={onSort} />
            ))}
            <SortHeader label="Integrity" sortKey="violations" sort={sort} onSort={onSort} />
            <SortHeader label="Time used" sortKey="timeUsed" sort={sort} onSort={onSort} />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.attemptId} data-testid="cohort-row" data-attempt-id={r.attemptId} data-candidate-id={r.candidate.id}>
              <td>
                <input
                  type="checkbox"
                  className="shortlist-box"
                  checked={shortlist.has(r.attemptId)}
                  onChange={(e) => onToggle(r.attemptId, e.target.checked)}
                  aria-label={`Shortlist ${r.candidate.name}`}
                  data-testid="shortlist-box"
                />
              </td>
              <td data-testid="rank">{r.rank}</td>
              <th scope="row">
                {sittingOf.has(r.attemptId) && sittingOf.get(r.attemptId) !== 'This hub' ? (
                  // Another hub's candidate: its report lives on that hub.
                  <span className="cell-candidate">{r.candidate.name}</span>
                ) : (
                  <RouteLink to={{ screen: 'report', attemptId: r.attemptId }} testId="report-link">
                    {r.candidate.name}
                  </RouteLink>
                )}
                <span className="cell-sub">
                  {r.candidate.id}
                  {sittingOf.size > 0 ? ` · ${sittingOf.get(r.attemptId) ?? ''}` : ''}
                </span>
              </th>
              <td data-testid="total">
                <strong>{pct(r.percent)}</strong>
                <span className="cell-sub cell-nowrap">
                  {points(r.score)} / {points(r.maxScore)} points
                </span>
                <span className="cell-sub cell-nowrap" data-testid="percentile">
                  {ordinal(r.percentile)} percentile
                </span>
                {r.pendingManual > 0 ? <span className="cell-sub result-pending">{r.pendingManual} essay{r.pendingManual === 1 ? '' : 's'} to grade</span> : null}
              </td>
              {skills.map((s) => (
                <td key={s.id}>{pct(r.skills[s.id]?.percent ?? null)}</td>
              ))}
              <td>
                <IntegrityCell row={r} />
              </td>
              <td>
                <span className="cell-nowrap">{minutes(r.timeUsedMs)}</span>
                <span className={`cell-sub${r.submitReason === 'proctor' ? ' submit--forced' : ''}`}>
                  {r.submitReason === 'proctor' ? <span aria-hidden="true">⚠ </span> : null}
                  {SUBMIT_TEXT[r.submitReason]}
                </span>
              </td>
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={6 + skills.length} className="grid-empty">
                {data.rows.length === 0 ? 'No graded result yet: candidates appear here once their result reaches the hub and is graded.' : 'No candidate matches the filters.'}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

function IntegrityCell({ row }: { row: CohortRow }) {
  const total = violationTotal(row);
  const parts: string[] = [];
  if (row.violations.critical) parts.push(`${row.violations.critical} critical`);
  if (row.violations.warning) parts.push(`${row.violations.warning} warning${row.violations.warning === 1 ? '' : 's'}`);
  if (row.violations.info) parts.push(`${row.violations.info} info`);
  return (
    <span className="integrity-cell">
      <span className={row.violations.critical ? 'sev--critical' : row.violations.warning ? 'sev--warning' : 'meta'}>{total === 0 ? 'No violations' : parts.join(', ')}</span>
      {row.similarityFlags > 0 ? (
        <span className="flag cell-sub" data-testid="similarity-flag">
          <span aria-hidden="true">⚑ </span>
          Code similar to {row.similarityFlags} other{row.similarityFlags === 1 ? '' : 's'}
        </span>
      ) : null}
    </span>
  );
}

function Comparison({ data, rows }: { data: CohortReply; rows: CohortRow[] }) {
  if (rows.length < 2 || rows.length > 4) {
    return (
      <p className="meta" data-testid="compare-hint">
        {rows.length > 4 ? `${rows.length} candidates are shortlisted: compare at most 4 at a time, so untick some.` : 'Shortlist 2 to 4 candidates (★ in the table) to compare them here side by side.'}
      </p>
    );
  }
  const best = (values: Array<number | null>) => Math.max(...values.map((v) => v ?? -1));
  const line = (label: string, values: Array<number | null>, text: (v: number | null, i: number) => string) => {
    const top = best(values);
    return (
      <tr>
        <th scope="row">{label}</th>
        {values.map((v, i) => (
          <td key={rows[i]?.attemptId} className={v !== null && v === top && values.length > 1 ? 'compare-best' : undefined}>
            {text(v, i)}
            {v !== null && v === top ? <span className="sr-only"> (highest)</span> : null}
          </td>
        ))}
      </tr>
    );
  };
  return (
    <div className="table-wrap" role="region" aria-labelledby="compare-caption" tabIndex={0}>
      <table className="data-table compare" data-testid="compare-table">
        <caption id="compare-caption">{rows.length} shortlisted candidates; the highest value in each row is marked</caption>
        <thead>
          <tr>
            <td />
            {rows.map((r) => (
              <th key={r.attemptId} scope="col">
                {r.candidate.name}
                <span className="cell-sub">Rank {r.rank}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {line('Total', rows.map((r) => r.percent), (v, i) => `${pct(v)} (${points(rows[i]?.score ?? 0)} / ${points(rows[i]?.maxScore ?? 0)})`)}
          {line('Percentile', rows.map((r) => r.percentile), (v) => (v === null ? '—' : ordinal(v)))}
          {data.exam.skills.map((s) => (
            <Fragment key={s.id}>{line(s.title, rows.map((r) => r.skills[s.id]?.percent ?? null), pct)}</Fragment>
          ))}
          <tr>
            <th scope="row">Time used</th>
            {rows.map((r) => (
              <td key={r.attemptId}>{minutes(r.timeUsedMs)}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">Integrity</th>
            {rows.map((r) => (
              <td key={r.attemptId}>
                <IntegrityCell row={r} />
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function Distributions({ data }: { data: CohortReply }) {
  const charts = [{ id: 'total', title: 'Total', values: data.rows.map((r) => r.percent) }, ...data.exam.skills.map((s) => ({ id: s.id, title: s.title, values: data.rows.map((r) => r.skills[s.id]?.percent ?? null) }))];
  return (
    <div className="distributions">
      {charts.map((c) => (
        <Histogram key={c.id} title={c.title} values={c.values} />
      ))}
    </div>
  );
}

export function Histogram({ title, values, mark }: { title: string; values: Array<number | null>; mark?: number | null }) {
  const bins = histogram(values);
  const top = Math.max(1, ...bins);
  const markBin = mark === null || mark === undefined ? -1 : Math.min(9, Math.floor(mark / 10));
  return (
    <figure className="histogram" data-testid="histogram">
      <figcaption>{title}</figcaption>
      <ol className="histogram-bars" aria-label={`${title}: candidates per 10% band`}>
        {bins.map((count, i) => (
          <li key={i} className={i === markBin ? 'histogram-bin histogram-bin--mark' : 'histogram-bin'}>
            <span className="histogram-bar" style={{ height: `${Math.round((count / top) * 100)}%` }} aria-hidden="true" />
            <span className="sr-only">
              {i * 10}% to {i === 9 ? 100 : i * 10 + 9}%: {count} candidate{count === 1 ? '' : 's'}
              {i === markBin ? ' (this candidate)' : ''}
            </span>
          </li>
        ))}
      </ol>
      <div className="histogram-axis" aria-hidden="true">
        <span>0%</span>
        <span>50%</span>
        <span>100%</span>
      </div>
      {mark === null || mark === undefined ? null : (
        <p className="histogram-mark" aria-hidden="true">
          <span className="flag">▮</span> this candidate: {Math.round(mark)}%
        </p>
      )}
    </figure>
  );
}
