import type { AttemptDetail } from '../../../../shared/hub/proctor.js';
import { points } from '../lib/format.js';

const STATUS_TEXT: Readonly<Record<string, string>> = {
  correct: '✓ correct',
  partial: '◐ partial',
  incorrect: '✗ incorrect',
  unanswered: '– unanswered',
  'pending-manual': '✎ to grade',
  error: '⚠ grading error',
};

/** The graded result: total, skills and each item's score. */
export function GradingSummary({ detail }: { detail: AttemptDetail }) {
  const { graded, summary } = detail;
  if (!summary.result) return <p className="meta">No result yet: grading starts when the candidate submits and the signed result reaches the hub.</p>;
  if (!graded) {
    if (summary.grading.status === 'refused') {
      return <p role="alert">The result was refused and is not graded: {summary.grading.error ?? 'its answers disagree with its journal'}.</p>;
    }
    if (summary.grading.status === 'incomplete-journal') {
      return <p className="meta">Incomplete journal: the result has arrived, but the hub does not hold every journal entry it names yet. It is graded once the candidate&apos;s app sends them.</p>;
    }
    return summary.grading.status === 'error' ? (
      <p role="alert">Automatic grading failed: {summary.grading.error ?? 'unknown error'}. It is retried; report a broken question to its author.</p>
    ) : (
      <p className="meta">The result has arrived and is being graded…</p>
    );
  }
  return (
    <div className="grading">
      <p className="score-line" data-testid="graded-total">
        Total: <strong>{points(graded.score)}</strong> of {points(graded.maxScore)} points
        {graded.pendingManual.length > 0 ? (
          <span className="result-pending">
            {' '}
            · {graded.pendingManual.length} essay{graded.pendingManual.length === 1 ? '' : 's'} waiting for a grade
          </span>
        ) : null}
      </p>
      <div className="table-wrap" role="region" aria-labelledby="items-caption" tabIndex={0}>
        <table className="data-table">
          <caption id="items-caption">Items</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Status</th>
              <th scope="col">Score</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(graded.items).map(([itemId, grade]) => (
              <tr key={itemId} className={`item-row item-row--${grade.status}`}>
                <th scope="row">
                  <code>{itemId}</code>
                </th>
                <td>{STATUS_TEXT[grade.status] ?? grade.status}</td>
                <td>
                  {points(grade.score)} / {points(grade.max)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {Object.keys(graded.skills).length > 0 ? (
        <ul className="skills">
          {Object.entries(graded.skills).map(([id, skill]) => (
            <li key={id}>
              {skill.title}: {points(skill.score)} / {points(skill.max)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
