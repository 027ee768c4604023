import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { EssayView, GradeRequest } from '../../../../shared/hub/proctor.js';
import { Markdown } from '../../components/Markdown.js';
import { points, pointsLabel } from '../lib/format.js';
import { useDash } from '../store/DashboardProvider.js';

type Marks = Record<string, number>;

/** The form's marks from a stored grade: criteria met earn their full points. */
function marksOf(essay: EssayView): Marks {
  const criteria = essay.manual?.criteria;
  if (!criteria) return {};
  if (!Array.isArray(criteria)) return { ...criteria };
  return Object.fromEntries(essay.rubric.filter((c) => criteria.includes(c.id)).map((c) => [c.id, c.points]));
}

/**
 * One essay: the prompt, the candidate's answer, and the rubric: a checkbox per two-level
 * criterion (met or not), a radio group per leveled criterion (one level picked). Saving posts the
 * grade; the score comes back from the hub and the attempt's total updates with it.
 */
export function EssayGrader({
  attemptId,
  essay,
  gradable,
  onSave,
  heading,
  closedReason,
}: {
  attemptId: string;
  essay: EssayView;
  gradable: boolean;
  /** Where the grade goes instead of the attempt's grades route (the blind queue grades by code). */
  onSave?: (grade: GradeRequest) => Promise<string | null>;
  /** The card's heading instead of the item id (the blind queue shows the answer's code). */
  heading?: ReactNode;
  /** Why the form is closed when it is not for lack of a result (the account's role may not grade). */
  closedReason?: string;
}) {
  const storeGrade = useDash((s) => s.gradeEssay);
  const gradeEssay = (id: string, grade: GradeRequest) => (onSave ? onSave(grade) : storeGrade(id, grade));
  const id = useId();
  const [marks, setMarks] = useState<Marks>(() => marksOf(essay));
  const [comment, setComment] = useState(() => essay.manual?.comment ?? '');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const manualAt = essay.manual?.at;

  // Another proctor's grade (or ours, coming back) replaces what the form started from.
  useEffect(() => {
    setMarks(marksOf(essay));
    setComment(essay.manual?.comment ?? '');
    // Only a newly stored grade (its time) resets the form, not every re-render of the same one.
  }, [manualAt]);

  const selected = essay.rubric.reduce((sum, c) => sum + (marks[c.id] ?? 0), 0);
  const leveled = essay.rubric.some((c) => c.levels);
  // Without levels the request keeps its old form, the list of criteria met.
  const criteria = leveled ? marks : essay.rubric.filter((c) => marks[c.id] === c.points).map((c) => c.id);
  const mark = (criterion: string, value: number | null) => {
    const next = { ...marks };
    if (value === null) delete next[criterion];
    else next[criterion] = value;
    setMarks(next);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (busy || !gradable) return;
    setBusy(true);
    setMessage(null);
    const error = await gradeEssay(attemptId, { itemId: essay.itemId, criteria, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    setBusy(false);
    setMessage(error ? { kind: 'error', text: `Not saved: ${error}` } : { kind: 'ok', text: 'Grade saved.' });
  }

  const grade = essay.grade;
  return (
    <article className="essay-card" aria-labelledby={`${id}-title`} data-testid="essay" data-item-id={essay.itemId}>
      <h3 id={`${id}-title`}>
        {heading ?? (
          <>
            Essay <code>{essay.itemId}</code>
          </>
        )}{' '}
        <span className="meta">({pointsLabel(essay.points)})</span>
      </h3>
      <Markdown text={essay.prompt} className="prompt" />
      <h4>Answer</h4>
      {essay.answer ? <div className="essay-answer">{essay.answer}</div> : <p className="meta">No answer was given.</p>}
      <form onSubmit={(e) => void save(e)} className="essay-form">
        <fieldset className="choices" disabled={!gradable}>
          <legend className="choices-legend">Rubric: criteria met, or the level reached</legend>
          {essay.rubric.map((criterion) =>
            criterion.levels ? (
              <fieldset key={criterion.id} className="choices rubric-levels" data-criterion={criterion.id}>
                <legend>
                  {criterion.text} <span className="meta">({pointsLabel(criterion.points)})</span>
                </legend>
                {criterion.levels.map((level) => (
                  <label key={level.points} className="choice">
                    <input
                      type="radio"
                      name={`${id}-${criterion.id}`}
                      checked={marks[criterion.id] === level.points}
                      onChange={() => mark(criterion.id, level.points)}
                      data-level={level.points}
                    />
                    <span>
                      {level.label} <span className="meta">({pointsLabel(level.points)})</span>
                      {level.descriptor ? <span className="meta"> {level.descriptor}</span> : null}
                    </span>
                  </label>
                ))}
              </fieldset>
            ) : (
              <label key={criterion.id} className="choice">
                <input
                  type="checkbox"
                  checked={marks[criterion.id] === criterion.points}
                  onChange={(e) => mark(criterion.id, e.target.checked ? criterion.points : null)}
                  data-criterion={criterion.id}
                />
                <span>
                  {criterion.text} <span className="meta">({pointsLabel(criterion.points)})</span>
                </span>
              </label>
            ),
          )}
        </fieldset>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-comment`}>
            Comment <span className="meta">(optional, kept with the grade)</span>
          </label>
          <textarea id={`${id}-comment`} className="input" rows={2} maxLength={5000} value={comment} onChange={(e) => setComment(e.target.value)} disabled={!gradable} />
        </div>
        <div className="essay-actions">
          <button type="submit" className="button button--primary" disabled={!gradable} aria-disabled={busy || undefined} data-testid="save-grade">
            {busy ? 'Saving…' : `Save grade (${pointsLabel(selected)})`}
          </button>
          <p className="essay-score" data-testid="essay-score">
            {grade ? (
              <>
                Score: {points(grade.score)} / {points(grade.max)}
                {grade.status === 'pending-manual' ? ' (waiting for your grade)' : ''}
                {essay.manual ? ` · graded by ${essay.manual.by}` : ''}
              </>
            ) : (
              'Not graded yet.'
            )}
          </p>
        </div>
        {!gradable ? <p className="meta">{closedReason ?? 'Grading opens once the result has arrived and the automatic grading has finished.'}</p> : null}
        <div className="essay-messages">
          <p role="status" className="meta">
            {message?.kind === 'ok' ? message.text : ''}
          </p>
          <p role="alert" className="field-error">
            {message?.kind === 'error' ? message.text : ''}
          </p>
        </div>
      </form>
    </article>
  );
}
