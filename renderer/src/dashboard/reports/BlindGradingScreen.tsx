import { useEffect, useMemo, useState } from 'react';
import type { BlindAnswer, BlindItem } from '../../../../shared/hub/blindGrading.js';
import type { EssayView, GradeRequest } from '../../../../shared/hub/proctor.js';
import type { HubClient } from '../api/hubClient.js';
import { EssayGrader } from '../components/EssayGrader.js';
import { useHubData } from '../lib/useHubData.js';
import { useGradingVersion } from './gradingVersion.js';
import { describeFailure } from '../store/dashboardStore.js';

/**
 * Blind essay grading: one essay item at a time across every candidate, each answer under a code
 * instead of a name ("next ungraded" walks the queue). The hub's queue carries no names or ids.
 */
export function BlindGradingScreen({ client }: { client: HubClient }) {
  // Another grader's grade changes a summary's score: the queue follows it.
  const version = useGradingVersion();
  const { data, error, loading, reload } = useHubData(async () => {
    const exam = await client.exam();
    return { examId: exam.id, queue: await client.blindQueue(exam.id) };
  }, [client, version]);
  const [itemId, setItemId] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Essay grading (blind) · Vigil proctor dashboard';
  }, []);

  const items = data?.queue.items ?? [];
  const item: BlindItem | undefined = items.find((i) => i.itemId === itemId) ?? items[0];
  // "Ungraded" is per grader: the answers you have not graded (a second grader walks them all).
  const ungraded = useMemo(() => (item ? item.answers.filter((a) => a.manual === null) : []), [item]);
  const current: BlindAnswer | undefined = item ? (item.answers.find((a) => a.code === code) ?? ungraded[0] ?? item.answers[0]) : undefined;

  const next = () => {
    if (!item || !current) return;
    const after = ungraded.find((a) => a.code > current.code) ?? ungraded.find((a) => a.code !== current.code);
    setCode(after?.code ?? null);
  };

  return (
    <main id="main" className="dash-main" data-screen="grading" tabIndex={-1}>
      <h1 tabIndex={-1}>Essay grading (blind)</h1>
      <p className="meta">
        Answers are shown under a code, never a name, in the same order for every grader. The code differs per question, so one candidate&apos;s answers cannot be linked
        across questions. Each grade is kept with the grader&apos;s name.
      </p>
      {error ? (
        <p className="alert" role="alert">
          The grading queue could not be loaded: {error}
        </p>
      ) : null}
      {loading && !data ? <p className="loading" aria-busy="true">Loading the grading queue…</p> : null}
      {data && items.length === 0 ? <p className="grid-empty">This exam has no essay questions.</p> : null}
      {data && item ? (
        <>
          <div className="grid-controls">
            {items.length > 1 ? (
              <div className="field">
                <label className="field-label" htmlFor="blind-item">
                  Question
                </label>
                <select
                  id="blind-item"
                  className="input"
                  value={item.itemId}
                  onChange={(e) => {
                    setItemId(e.target.value);
                    setCode(null);
                  }}
                >
                  {items.map((i) => (
                    <option key={i.itemId} value={i.itemId}>
                      {i.title}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <p className="meta grid-count" role="status" data-testid="blind-progress">
              {item.graded} of {item.answers.length} answers graded · {item.doubleGraded} by two graders or more
              {item.needsReconciliation > 0 ? ` · ${item.needsReconciliation} to reconcile` : ''}
            </p>
            <button type="button" className="button" onClick={next} disabled={ungraded.length === 0 || (ungraded.length === 1 && ungraded[0]?.code === current?.code)} data-testid="blind-next">
              Next ungraded
            </button>
          </div>
          <h2 className="blind-title">The answer to grade</h2>
          {current ? (
            <BlindCard
              key={`${item.itemId}:${current.code}`}
              examId={data.examId}
              item={item}
              answer={current}
              client={client}
              onSaved={() => {
                // Stay on the answer just graded (so its "Grade saved." shows) until Next ungraded.
                setCode(current.code);
                reload();
              }}
            />
          ) : (
            <p className="grid-empty">No answer to this question has arrived yet.</p>
          )}
          <nav aria-label="Answers to this question" className="blind-codes">
            <h2 className="sr-only">All answers</h2>
            <ul>
              {item.answers.map((a) => (
                <li key={a.code}>
                  <button type="button" className={`button button--quiet${a.code === current?.code ? ' blind-code--current' : ''}`} aria-current={a.code === current?.code ? 'true' : undefined} onClick={() => setCode(a.code)} data-testid="blind-code">
                    {a.needsReconciliation ? <span aria-label="to reconcile">⚠ </span> : a.manual ? <span aria-label="graded by you">✓ </span> : <span aria-label="not graded by you">○ </span>}
                    {a.code}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        </>
      ) : null}
    </main>
  );
}

function BlindCard({ examId, item, answer, client, onSaved }: { examId: string; item: BlindItem; answer: BlindAnswer; client: HubClient; onSaved(): void }) {
  const [reconciles, setReconciles] = useState(answer.needsReconciliation);
  const essay: EssayView = {
    itemId: item.itemId,
    prompt: item.prompt,
    points: item.points,
    answer: answer.answer,
    rubric: item.rubric,
    grade: answer.grade,
    manual: answer.manual ? { itemId: item.itemId, criteria: answer.manual.criteria, ...(answer.manual.comment ? { comment: answer.manual.comment } : {}), by: answer.manual.by, at: answer.manual.at } : null,
  };
  const save = async (grade: GradeRequest): Promise<string | null> => {
    try {
      await client.blindGrade(examId, answer.code, reconciles ? { ...grade, reconciles: true } : grade);
      onSaved();
      return null;
    } catch (failure) {
      return describeFailure(failure);
    }
  };
  return (
    <div data-testid="blind-card" data-code={answer.code}>
      {answer.graders.length > 0 ? (
        <div className={answer.needsReconciliation ? 'graders graders--disputed' : 'graders'} data-testid="blind-graders">
          <p>
            {answer.needsReconciliation ? <strong>⚠ The graders differ by more than a criterion level: a reconciling grade settles it. </strong> : null}
            Graded by{' '}
            {answer.graders.map((g, i) => (
              <span key={g.by}>
                {i > 0 ? ', ' : ''}
                {g.by}
                {g.score === null ? '' : ` (${g.score} of ${item.points})`}
                {g.reconciles ? ' (reconciling)' : ''}
              </span>
            ))}
            {answer.graders.some((g) => g.score === null) ? '. Their marks show once you have graded it yourself.' : '.'}
          </p>
          <GraderMarks item={item} answer={answer} />
          {answer.needsReconciliation ? (
            <label className="inline-check">
              <input type="checkbox" checked={reconciles} onChange={(e) => setReconciles(e.target.checked)} data-testid="blind-reconciles" /> My grade reconciles them
            </label>
          ) : null}
        </div>
      ) : null}
      <EssayGrader attemptId="" essay={essay} gradable onSave={save} heading={<>Answer {answer.code}</>} />
    </div>
  );
}

/**
 * The graders' marks per criterion, side by side: what a reconciling grader compares. Shown once
 * the hub shows the marks (after you graded the answer yourself, or while it needs reconciling).
 */
function GraderMarks({ item, answer }: { item: BlindItem; answer: BlindAnswer }) {
  const shown = answer.graders.filter((g): g is typeof g & { marks: Record<string, number> } => g.marks !== null);
  if (shown.length < 2) return null;
  const levelOf = (criterionId: string, points: number) => item.rubric.find((c) => c.id === criterionId)?.levels?.find((l) => Math.abs(l.points - points) < 1e-9)?.label;
  return (
    <table className="data-table grader-marks" data-testid="grader-marks">
      <caption>Each grader&apos;s marks per criterion</caption>
      <thead>
        <tr>
          <th scope="col">Criterion</th>
          {shown.map((g) => (
            <th scope="col" key={g.by}>
              {g.by}
              {g.reconciles ? ' (reconciling)' : ''}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {item.rubric.map((c) => {
          const values = shown.map((g) => g.marks[c.id] ?? 0);
          const differ = values.some((v) => Math.abs(v - (values[0] ?? 0)) > 1e-9);
          return (
            <tr key={c.id} data-criterion={c.id} data-differ={differ ? 'true' : undefined}>
              <th scope="row">
                {c.text} <span className="meta">({c.points === 1 ? '1 point' : `${c.points} points`})</span>
              </th>
              {shown.map((g, i) => {
                const points = values[i] ?? 0;
                const label = levelOf(c.id, points);
                return (
                  <td key={g.by}>
                    {differ ? <strong>{points}</strong> : points}
                    {label ? ` (${label})` : ''}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
