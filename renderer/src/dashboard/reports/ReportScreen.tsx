import { useEffect, useState } from 'react';
import type { CandidateReport, ReportItem } from '../../../../shared/hub/candidateReport.js';
import { downloadBlob } from '../api/downloadBlob.js';
import type { HubClient } from '../api/hubClient.js';
import { minutes, ordinal } from '../lib/cohortTable.js';
import { dateTime, points } from '../lib/format.js';
import { useHubData } from '../lib/useHubData.js';
import { describeFailure } from '../store/dashboardStore.js';
import { Histogram } from './CohortScreen.js';
import { RouteLink } from './RouteLink.js';

const STATUS: Readonly<Record<ReportItem['status'], string>> = {
  correct: '✓ Correct',
  partial: '◐ Partly correct',
  incorrect: '✗ Incorrect',
  unanswered: '– Not answered',
  'pending-manual': '✎ Waiting for a grader',
  error: '⚠ Grading error',
};
const SUBMIT: Readonly<Record<CandidateReport['submitReason'], string>> = { candidate: 'by the candidate', 'time-up': 'when time ran out', proctor: 'by a proctor (force submit)' };
const pct = (n: number | null): string => (n === null ? '—' : `${Math.round(n)}%`);

/** One candidate's report for a hiring manager: the same data as the hub's printable page. */
export function ReportScreen({ client, attemptId }: { client: HubClient; attemptId: string }) {
  const { data, error, loading } = useHubData(() => client.report(attemptId), [client, attemptId]);
  useEffect(() => {
    document.title = `${data ? data.candidate.name : 'Candidate report'} · Vigil proctor dashboard`;
  }, [data]);
  return (
    <main id="main" className="dash-main report" data-screen="report" data-attempt-id={attemptId} tabIndex={-1}>
      <nav aria-label="Breadcrumb" className="noprint">
        <RouteLink to={{ screen: 'cohort' }}>
          <span aria-hidden="true">← </span>Cohort and ranking
        </RouteLink>
      </nav>
      <h1 tabIndex={-1}>
        {data ? data.candidate.name : 'Candidate report'} {data ? <span className="meta h1-sub">{data.candidate.id}</span> : null}
      </h1>
      {error ? (
        <p className="alert" role="alert">
          The report could not be loaded: {error}
        </p>
      ) : null}
      {loading && !data ? <p className="loading" aria-busy="true">Loading the report…</p> : null}
      {data ? <Report client={client} report={data} /> : null}
    </main>
  );
}

function Report({ client, report: r }: { client: HubClient; report: CandidateReport }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'pdf' | 'html' | null>(null);
  async function save(kind: 'pdf' | 'html') {
    if (busy) return;
    setError(null);
    setBusy(kind);
    const name = `report-${r.candidate.id.replace(/[^A-Za-z0-9._-]/g, '_')}.${kind}`;
    try {
      const { blob } = await client.download(`/attempts/${encodeURIComponent(r.attemptId)}/${kind === 'pdf' ? 'report.pdf' : 'report'}`, name);
      downloadBlob(blob, name);
    } catch (failure) {
      setError(`The ${kind === 'pdf' ? 'PDF' : 'page'} could not be downloaded: ${describeFailure(failure)}`);
    } finally {
      setBusy(null);
    }
  }
  const v = r.integrity;
  let n = 0;
  return (
    <>
      <p className="meta">
        {r.exam.title} ({r.exam.version}). Percentiles compare with the {r.total.of} graded candidate{r.total.of === 1 ? '' : 's'} of this sitting: the share scoring below, ties
        counting half.
      </p>
      <div className="grid-controls noprint">
        <button type="button" className="button button--quiet" onClick={() => void save('pdf')} aria-disabled={busy !== null || undefined} data-testid="report-pdf">
          <span aria-hidden="true">⤓ </span>
          {busy === 'pdf' ? 'Printing the PDF…' : 'Download PDF'}
        </button>
        <button type="button" className="button button--quiet" onClick={() => void save('html')} aria-disabled={busy !== null || undefined} data-testid="report-download">
          <span aria-hidden="true">⤓ </span>Download the printable page
        </button>
        <button type="button" className="button button--quiet" onClick={() => window.print()}>
          Print
        </button>
        <RouteLink to={{ screen: 'attempt', attemptId: r.attemptId }} testId="replay-link">
          Terminal and editor replay, timeline
        </RouteLink>
        {error ? (
          <span role="alert" className="field-error">
            {error}
          </span>
        ) : null}
      </div>
      <dl className="facts-grid" data-testid="report-facts">
        <div>
          <dt>Total</dt>
          <dd data-testid="report-total">
            <strong>
              {points(r.total.score)} / {points(r.total.max)}
            </strong>{' '}
            ({pct(r.total.percent)})
          </dd>
        </div>
        <div>
          <dt>Rank</dt>
          <dd data-testid="report-rank">
            {r.total.rank} of {r.total.of}
          </dd>
        </div>
        <div>
          <dt>Percentile</dt>
          <dd data-testid="report-percentile">{ordinal(r.total.percentile)}</dd>
        </div>
        <div>
          <dt>Time used</dt>
          <dd>{minutes(r.timeUsedMs)}</dd>
        </div>
        <div>
          <dt>Submitted</dt>
          <dd className={r.submitReason === 'proctor' ? 'submit--forced' : undefined}>
            {dateTime(r.submittedAt)}, {SUBMIT[r.submitReason]}
          </dd>
        </div>
        <div>
          <dt>Integrity</dt>
          <dd className={v.counts.critical > 0 || v.similarity.length > 0 ? 'flag' : undefined} data-testid="report-integrity">
            {v.counts.critical > 0 || v.similarity.length > 0 ? <span aria-hidden="true">⚑ </span> : null}
            {v.counts.critical} critical, {v.counts.warning} warning{v.counts.warning === 1 ? '' : 's'}
            {v.similarity.length > 0 ? `, code similar to ${v.similarity.map((x) => x.other.name).join(', ')}` : ''}
            {v.similarity.length > 0 || v.counts.critical > 0 ? (
              <>
                {' '}
                (<a className="link" href="#sec-integrity">see Integrity</a>)
              </>
            ) : null}
          </dd>
        </div>
      </dl>
      {r.pendingManual > 0 ? (
        <p className="result-pending">
          ✎ {r.pendingManual} essay{r.pendingManual === 1 ? '' : 's'} still waiting for a grader: the total may rise.
        </p>
      ) : null}

      <section aria-labelledby="sec-skills" className="dash-section">
        <h2 id="sec-skills">Skills against the cohort</h2>
        <div className="table-wrap" role="region" aria-labelledby="skills-caption" tabIndex={0}>
          <table className="data-table report-skills">
            <caption id="skills-caption">Per skill: points, percentage and percentile in this sitting</caption>
            <thead>
              <tr>
                <th scope="col">Skill</th>
                <th scope="col">Points</th>
                <th scope="col">Percent</th>
                <th scope="col">Percentile</th>
              </tr>
            </thead>
            <tbody>
              <tr className="report-total-row">
                <th scope="row">Total</th>
                <td>
                  {points(r.total.score)} / {points(r.total.max)}
                </td>
                <td>
                  <PercentBar value={r.total.percent} />
                </td>
                <td>{ordinal(r.total.percentile)}</td>
              </tr>
              {r.skills.map((s) => (
                <tr key={s.id} data-testid="report-skill" data-skill-id={s.id}>
                  <th scope="row">{s.title}</th>
                  <td>
                    {points(s.score)} / {points(s.max)}
                  </td>
                  <td>
                    <PercentBar value={s.percent} />
                  </td>
                  <td>{s.percentile === null ? '—' : ordinal(s.percentile)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="distributions report-distributions">
          <Histogram title="Total" values={r.total.cohort} mark={r.total.percent} />
          {r.skills.map((s) => (
            <Histogram key={s.id} title={s.title} values={s.cohort} mark={s.percent} />
          ))}
        </div>
      </section>

      <section aria-labelledby="sec-integrity" className="dash-section">
        <h2 id="sec-integrity">Integrity</h2>
        <h3>Violations</h3>
        {v.violations.length === 0 ? (
          <p>No violations were recorded.</p>
        ) : (
          <ul className="report-list">
            {v.violations.map((x, i) => (
              <li key={i}>
                <span className={`sev--${x.severity}`}>{x.severity === 'critical' ? '⛔ Critical' : x.severity === 'warning' ? '⚠ Warning' : 'ℹ Info'}</span> {dateTime(x.at)}: {x.detail}
              </li>
            ))}
          </ul>
        )}
        <h3>Proctor commands and overrides</h3>
        {v.commands.length === 0 ? (
          <p>No proctor command was sent, and no pre-flight check was overridden.</p>
        ) : (
          <ul className="report-list">
            {v.commands.map((c, i) => (
              <li key={i}>
                {dateTime(c.issuedAt)}: {c.text}, by {c.issuedBy}
                {c.received ? '' : ' (never reached the candidate)'}
              </li>
            ))}
          </ul>
        )}
        <h3>Code similarity</h3>
        {v.similarity.length === 0 ? (
          <p data-testid="report-no-similarity">No code similarity flag.</p>
        ) : (
          v.similarity.map((s) => (
            <div key={`${s.itemId}:${s.other.attemptId}`} className="sim-card" data-testid="report-similarity">
              <p>
                <strong>
                  <span aria-hidden="true">⚑ </span>
                  {s.itemTitle}
                </strong>
                : {Math.round(s.similarity * 100)}% of the smaller submission matches <RouteLink to={{ screen: 'report', attemptId: s.other.attemptId }}>{s.other.name}</RouteLink>&apos;s code. A flag for
                a person to review, never a penalty.
              </p>
              {s.regions.slice(0, 3).map((g, i) => (
                <div key={i} className="side-by-side">
                  <div>
                    <h4>
                      This candidate: {g.a.file}, lines {g.a.from}–{g.a.to}
                    </h4>
                    <pre className="code-block">{g.a.text}</pre>
                  </div>
                  <div>
                    <h4>
                      {s.other.name}: {g.b.file}, lines {g.b.from}–{g.b.to}
                    </h4>
                    <pre className="code-block">{g.b.text}</pre>
                  </div>
                </div>
              ))}
            </div>
          ))
        )}
      </section>

      <section aria-labelledby="sec-answers" className="dash-section">
        <h2 id="sec-answers">Answers, section by section</h2>
        {r.sections.map((s) => (
          <section key={s.id} aria-labelledby={`sec-${s.id}`} className="report-section">
            <h3 id={`sec-${s.id}`}>
              {s.title}{' '}
              <span className="meta h1-sub" data-testid="section-meta">
                {points(s.score)} / {points(s.max)} · about {minutes(s.timeMs)}
              </span>
            </h3>
            {s.items.map((item) => (
              <ItemCard key={item.itemId} item={item} n={++n} />
            ))}
          </section>
        ))}
      </section>
    </>
  );
}

function PercentBar({ value }: { value: number | null }) {
  return (
    <span className="meter-cell">
      <span className="meter-value">{pct(value)}</span>
      <span className="meter" aria-hidden="true">
        <span className="meter-fill" style={{ width: `${Math.round(value ?? 0)}%` }} />
      </span>
    </span>
  );
}

function ItemCard({ item: i, n }: { item: ReportItem; n: number }) {
  return (
    <article className={`report-item report-item--${i.status}`} data-testid="report-item" data-item-id={i.itemId}>
      <h4>
        <span className="meta">{n}.</span> {i.title}{' '}
        <span className="report-item-score" data-testid="item-score">
          {points(i.score)} / {points(i.max)} · {STATUS[i.status]}
        </span>
      </h4>
      {i.options ? (
        <ul className="report-options">
          {i.options.map((o) => (
            <li key={o.id} className={o.correct ? 'option-freq--key' : undefined}>
              {o.chosen ? <span className="tag">Chosen</span> : null} {o.correct ? <span className="tag tag--key">Key</span> : null} {o.text}
            </li>
          ))}
        </ul>
      ) : (
        <div className="side-by-side">
          <div>
            <h5>Candidate&apos;s answer</h5>
            {i.answer === null ? <p className="meta">No answer.</p> : <pre className="code-block" data-testid="item-answer">{i.answer}</pre>}
          </div>
          <div>
            <h5>Key</h5>
            {i.key === null ? <p className="meta">{i.type === 'coding' ? 'Graded by hidden tests (below).' : 'No key to show.'}</p> : <pre className="code-block" data-testid="item-key">{i.key}</pre>}
          </div>
        </div>
      )}
      {i.tests ? (
        <>
          <h5 data-testid="item-tests">
            Hidden tests: {i.tests.passed} of {i.tests.total} passed
          </h5>
          <ul className="report-list">
            {i.tests.list.map((t) => (
              <li key={t.name} className={t.passed ? 'test--pass' : 'test--fail'}>
                {t.passed ? '✓ Passed' : '✗ Not passed'}: {t.name}
                {t.points === null ? '' : ` (${points(t.points)} pt${t.points === 1 ? '' : 's'})`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {i.feedback && i.type !== 'coding' ? (
        <p className="report-note">
          <strong>Feedback:</strong> {i.feedback}
        </p>
      ) : null}
      {i.gradedBy ? (
        <p className="report-note">
          <strong>Graded by {i.gradedBy}</strong>
          {i.comment ? `: ${i.comment}` : ''}
        </p>
      ) : null}
      {i.explanation ? (
        <p className="report-note">
          <strong>Why:</strong> {i.explanation}
        </p>
      ) : null}
    </article>
  );
}
