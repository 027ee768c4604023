import { useEffect, useMemo, type MouseEvent } from 'react';
import type { AttemptDetail } from '../../../../shared/hub/proctor.js';
import { useNow } from '../../hooks/useNow.js';
import { mergeSummaries, type AttemptRow } from '../lib/attemptRows.js';
import { clockTime, dateTime, deviceLine } from '../lib/format.js';
import { routePath } from '../lib/route.js';
import { describeCommand } from '../lib/commands.js';
import { failedChecksFromTimeline } from '../lib/timeline.js';
import { useMay } from '../lib/useMay.js';
import { useDash } from '../store/DashboardProvider.js';
import { HeartbeatStatus, LastSave, ResultStatus, StateBadge, TimeLeft, ViolationCountsView } from './AttemptCells.js';
import { CommandBar } from './CommandBar.js';
import { ReenrollPanel } from './ReenrollPanel.js';
import { EssayGrader } from './EssayGrader.js';
import { GradingSummary } from './GradingSummary.js';
import { CodingReplays } from './CodingReplay.js';
import { Timeline } from './Timeline.js';
import { ViolationList } from './ViolationList.js';
import { RouteLink } from '../reports/RouteLink.js';

/** Re-fetch the detail when the live summary says something in it changed. */
function useDetailRefresh(attemptId: string, row: AttemptRow | undefined) {
  const loadDetail = useDash((s) => s.loadDetail);
  const s = row?.summary;
  const version = s ? [s.journalSeq, s.state, s.pendingCommands, s.grading.status, s.grading.score, s.result?.receivedAt ?? ''].join('|') : '';
  useEffect(() => {
    // A short delay batches bursts (a heartbeat and its events arrive together).
    const timer = setTimeout(() => void loadDetail(attemptId), version ? 300 : 0);
    return () => clearTimeout(timer);
  }, [attemptId, version, loadDetail]);
}

function Facts({ row, now }: { row: AttemptRow; now: number }) {
  const s = row.summary;
  const device = deviceLine(s.deviceInfo);
  return (
    <dl className="facts-grid" data-testid="attempt-facts">
      <div>
        <dt>State</dt>
        <dd>
          <StateBadge state={s.state} />
        </dd>
      </div>
      <div>
        <dt>Time left</dt>
        <dd>
          <TimeLeft row={row} now={now} />
        </dd>
      </div>
      <div>
        <dt>Progress</dt>
        <dd data-testid="progress">
          {s.progress.answered} of {s.progress.total} answered
        </dd>
      </div>
      <div>
        <dt>Last heartbeat</dt>
        <dd>
          <HeartbeatStatus row={row} now={now} />
        </dd>
      </div>
      <div>
        <dt>Last save</dt>
        <dd>
          <LastSave at={s.lastSavedAt} now={now} />
        </dd>
      </div>
      <div>
        <dt>Violations</dt>
        <dd>
          <ViolationCountsView counts={s.violations} />
        </dd>
      </div>
      <div>
        <dt>Result</dt>
        <dd>
          <ResultStatus summary={s} />
          {s.result ? <span className="meta cell-sub">submitted {dateTime(s.result.submittedAt, now)} ({s.result.submitReason})</span> : null}
        </dd>
      </div>
      <div>
        <dt>Enrolled</dt>
        <dd>{dateTime(s.enrolledAt, now)}</dd>
      </div>
      {device ? (
        <div className="facts-wide">
          <dt>Device</dt>
          <dd>{device}</dd>
        </div>
      ) : null}
    </dl>
  );
}

function CommandLog({ commands }: { commands: AttemptDetail['commands'] }) {
  if (commands.length === 0) return <p className="meta">No commands sent yet.</p>;
  return (
    <ol className="command-log" data-testid="command-log">
      {[...commands].reverse().map(({ command, ackedAt }) => (
        <li key={command.id} data-acked={ackedAt ? 'true' : 'false'}>
          <time dateTime={command.issuedAt}>{clockTime(command.issuedAt)}</time> <strong>{describeCommand(command)}</strong> <span className="meta">by {command.issuedBy}</span> ·{' '}
          {ackedAt ? (
            <span>
              <span aria-hidden="true">✓ </span>received {clockTime(ackedAt)}
            </span>
          ) : (
            <span className="pending">
              <span aria-hidden="true">… </span>not yet received
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

/** One attempt: live facts, commands, grading and essays, violations, the timeline, replays. */
export function AttemptScreen({ attemptId }: { attemptId: string }) {
  const liveRow = useDash((s) => s.rows[attemptId]);
  const detail = useDash((s) => (s.detail?.attemptId === attemptId ? s.detail : null));
  const setRoute = useDash((s) => s.setRoute);
  const now = useNow(1000);
  const mayGrade = useMay('gradeEssay');
  useDetailRefresh(attemptId, liveRow);

  const data = detail?.data ?? null;
  // Before the live list has it (a reload straight onto this page), the detail's summary stands in.
  const fallbackRow = useMemo(() => (data ? mergeSummaries({}, [data.summary], Date.now(), true)[attemptId] : undefined), [data, attemptId]);
  const row = liveRow ?? fallbackRow;
  const name = row?.summary.candidate.name ?? 'Attempt';
  const failedChecks = useMemo(() => (data ? failedChecksFromTimeline(data.timeline) : []), [data]);

  useEffect(() => {
    document.title = `${name} · Vigil proctor dashboard`;
  }, [name]);

  const back = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    setRoute({ screen: 'grid' });
  };

  return (
    <main id="main" className="dash-main" data-screen="attempt" data-attempt-id={attemptId} tabIndex={-1}>
      <nav aria-label="Breadcrumb">
        <a className="link" href={routePath({ screen: 'grid' })} onClick={back}>
          <span aria-hidden="true">← </span>All candidates
        </a>
        {row?.summary.grading.status === 'graded' ? (
          <>
            {' · '}
            <RouteLink to={{ screen: 'report', attemptId }} testId="attempt-report-link">
              Candidate report
            </RouteLink>
          </>
        ) : null}
      </nav>
      <h1 tabIndex={-1}>
        {name} {row ? <span className="meta h1-sub">({row.summary.candidate.id})</span> : null}
      </h1>
      {detail?.error ? (
        <p className="alert" role="alert">
          {detail.error}
        </p>
      ) : null}
      {!row ? (
        <p className="loading" aria-busy="true">
          {detail?.error ? '' : 'Loading the attempt…'}
        </p>
      ) : (
        <>
          <Facts row={row} now={now} />
          <ReenrollPanel summary={row.summary} now={now} />
          <section aria-labelledby="sec-commands" className="dash-section">
            <h2 id="sec-commands">Commands</h2>
            <CommandBar summary={row.summary} failedChecks={failedChecks} pending={data ? data.commands.filter((c) => c.ackedAt === null).map((c) => c.command) : []} />
            {data ? <CommandLog commands={data.commands} /> : null}
          </section>
          {data ? (
            <>
              <section aria-labelledby="sec-grading" className="dash-section">
                <h2 id="sec-grading">Grading</h2>
                <GradingSummary detail={data} />
                {data.essays.map((essay) => (
                  <EssayGrader
                    key={essay.itemId}
                    attemptId={attemptId}
                    essay={essay}
                    gradable={data.graded !== null && mayGrade}
                    {...(mayGrade ? {} : { closedReason: 'Grading essays is for graders and admins.' })}
                  />
                ))}
              </section>
              <section aria-labelledby="sec-violations" className="dash-section">
                <h2 id="sec-violations">Violations</h2>
                <ViolationList violations={data.violations} />
              </section>
              <section aria-labelledby="sec-timeline" className="dash-section">
                <h2 id="sec-timeline">Timeline</h2>
                <Timeline entries={data.timeline} />
              </section>
              <section aria-labelledby="sec-replay" className="dash-section">
                <h2 id="sec-replay">Coding replay: terminal and editor</h2>
                <CodingReplays timeline={data.timeline} />
              </section>
            </>
          ) : (
            <p className="loading">Loading the timeline…</p>
          )}
        </>
      )}
    </main>
  );
}
