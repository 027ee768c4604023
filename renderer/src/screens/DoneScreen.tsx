import type { AttemptView, ResultView } from '../../../shared/attemptView.js';
import type { ExamView } from '../../../shared/contract.js';
import type { ItemGrade } from '../../../shared/grading/resultSchema.js';
import { AppHeader } from '../components/AppHeader.js';
import { Markdown } from '../components/Markdown.js';
import { numberedItems } from '../lib/examItems.js';
import { ITEM_TYPE_LABEL } from '../lib/itemMeta.js';
import { useApp } from '../store/StoreProvider.js';

const REASON_TEXT: Record<NonNullable<AttemptView['submitReason']>, string> = {
  candidate: 'You submitted the exam',
  'time-up': 'The time ran out and your answers were submitted automatically',
  proctor: 'Your proctor ended the exam',
};

const STATUS_TEXT: Record<ItemGrade['status'], { icon: string; word: string }> = {
  correct: { icon: '✓', word: 'Correct' },
  partial: { icon: '◐', word: 'Partly correct' },
  incorrect: { icon: '✗', word: 'Incorrect' },
  unanswered: { icon: '○', word: 'Not answered' },
  'pending-manual': { icon: '…', word: 'Marked by a person later' },
  error: { icon: '!', word: 'Could not be graded' },
};

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** Upload state in words that do not alarm: local storage is safe; the upload follows. */
function SyncState({ sync, practice }: { sync: AttemptView['sync']; practice: boolean }) {
  if (sync.status === 'synced') {
    return (
      <p data-testid="sync-state" data-status="synced">
        <span aria-hidden="true">✓ </span>Uploaded to the exam hub.{' '}
        {sync.receipt ? (
          <>
            Receipt: <code className="receipt">{sync.receipt}</code>
          </>
        ) : null}
      </p>
    );
  }
  if (practice && sync.status === 'local-only') {
    return (
      <p data-testid="sync-state" data-status={sync.status}>
        <span aria-hidden="true">✓ </span>Stored safely on this computer. Practice attempts are not uploaded.
      </p>
    );
  }
  return (
    <p data-testid="sync-state" data-status={sync.status}>
      <span aria-hidden="true">✓ </span>Stored safely on this computer; it will upload when the hub is reachable.
      {sync.status === 'uploading' ? ' Uploading now…' : ''}
    </p>
  );
}

/** Practice grading runs after the seal: while it runs (or its grader is being retried) say so, calmly. */
function GradingState({ grading }: { grading: AttemptView['grading'] }) {
  if (!grading || grading.status === 'done') return null;
  if (grading.status === 'retrying') {
    return (
      <p role="status" data-testid="grading-state" data-status="retrying">
        <span aria-hidden="true">↻ </span>Grading failed, retrying. Your exam is sealed and safe; the score appears here once grading works.
        {grading.error ? <span className="meta"> ({grading.error})</span> : null}
      </p>
    );
  }
  return (
    <p role="status" data-testid="grading-state" data-status="grading">
      Grading your answers…
    </p>
  );
}

function SkillBars({ skills }: { skills: NonNullable<ResultView['graded']>['skills'] }) {
  const rows = Object.entries(skills);
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="skills-title" className="skills">
      <h2 id="skills-title">By skill</h2>
      <ul className="bars">
        {rows.map(([id, s]) => {
          const pct = s.max > 0 ? Math.round((s.score / s.max) * 100) : 0;
          return (
            <li key={id} className="bar-row" data-skill={id}>
              <span className="bar-label">
                {s.title}: {fmt(s.score)} of {fmt(s.max)} ({pct}%)
              </span>
              <span className="bar" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${pct}%` }} />
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** After submitting: whether it is safely stored and uploaded; in practice mode, the score and feedback. */
export function DoneScreen({ exam }: { exam: ExamView }) {
  const attempt = useApp((s) => s.attempt);
  const result = useApp((s) => s.result);
  const resultError = useApp((s) => s.resultError);
  const graded = result?.graded ?? null;
  const practice = exam.mode === 'practice';
  const reason = result?.submitReason ?? attempt?.submitReason ?? null;
  const submittedAt = result?.submittedAt ?? attempt?.submittedAt ?? null;

  return (
    <>
      <AppHeader title={exam.title} />
      <main id="main" className="screen screen--wide" aria-labelledby="done-title" data-screen="done">
        <h1 id="done-title">Your exam is submitted</h1>
        <p>
          {reason ? REASON_TEXT[reason] : 'The exam is over'}
          {submittedAt ? ` at ${new Date(submittedAt).toLocaleTimeString()}` : ''}.
        </p>
        <SyncState sync={result?.sync ?? attempt?.sync ?? { status: 'pending', receipt: null, detail: null }} practice={practice} />
        {result ? (
          <p className="meta">
            Record: {result.journal.count} journal entries{result.journal.headHash ? `, fingerprint ${result.journal.headHash.slice(0, 12)}` : ''}.
          </p>
        ) : resultError ? (
          <p role="status">Preparing your result… ({resultError})</p>
        ) : (
          <p role="status">Preparing your result…</p>
        )}
        {practice && !graded ? <GradingState grading={attempt?.grading ?? null} /> : null}
        {graded ? (
          <>
            <section aria-labelledby="score-title" className="score">
              <h2 id="score-title">Score</h2>
              <p className="score-value" data-testid="score">
                {fmt(graded.score)} of {fmt(graded.maxScore)} points ({graded.maxScore > 0 ? Math.round((graded.score / graded.maxScore) * 100) : 0}%)
              </p>
              {graded.pendingManual.length > 0 ? (
                <p>
                  {graded.pendingManual.length === 1 ? '1 answer is marked by a person and counts' : `${graded.pendingManual.length} answers are marked by a person and count`} as 0 until then.
                </p>
              ) : null}
            </section>
            <SkillBars skills={graded.skills} />
            <section aria-labelledby="items-title">
              <h2 id="items-title">Question by question</h2>
              <ol className="item-results">
                {numberedItems(exam).map(({ item, number }) => {
                  const g = graded.items[item.id];
                  if (!g) return null;
                  return (
                    <li key={item.id} className={`item-result item-result--${g.status}`} data-item-id={item.id}>
                      <p className="item-result-head">
                        <strong>
                          Question {number}: {ITEM_TYPE_LABEL[item.type]}
                        </strong>{' '}
                        <span className="item-result-status">
                          <span aria-hidden="true">{STATUS_TEXT[g.status].icon} </span>
                          {STATUS_TEXT[g.status].word}
                        </span>{' '}
                        <span className="meta">
                          {fmt(g.score)} / {fmt(g.max)}
                        </span>
                      </p>
                      {g.feedback ? <p className="item-feedback">{g.feedback}</p> : null}
                      {g.explanation ? (
                        <div className="explanation">
                          <p className="explanation-title">Explanation</p>
                          <Markdown text={g.explanation} headingBase={3} />
                        </div>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
            </section>
          </>
        ) : result && !practice ? (
          <p>Your proctor's hub grades the exam; you will hear about your result from the organisers.</p>
        ) : null}
      </main>
    </>
  );
}
