import { useEffect, useRef, useState } from 'react';
import type { ExamView } from '../../../shared/contract.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { useItemStatus } from '../hooks/useItemStatus.js';
import { dialogOpen } from '../hooks/useShortcuts.js';
import { numberedItems, type NumberedItem } from '../lib/examItems.js';
import { ITEM_TYPE_LABEL } from '../lib/itemMeta.js';
import { useApp } from '../store/StoreProvider.js';

function ItemLinks({ entries, onGo, id }: { entries: NumberedItem[]; onGo(itemId: string): void; id: string }) {
  return (
    <ul className="review-list" aria-labelledby={id}>
      {entries.map(({ item, section, number }) => (
        <li key={item.id}>
          <a
            href={`#question-${item.id}`}
            className="link"
            onClick={(e) => {
              e.preventDefault();
              onGo(item.id);
            }}
          >
            Question {number}: {ITEM_TYPE_LABEL[item.type]}
          </a>{' '}
          <span className="meta">({section.title})</span>
        </li>
      ))}
    </ul>
  );
}

/** Review: what is unanswered and what is flagged (each a link to it), then submit after a confirmation. */
export function ReviewScreen({ exam }: { exam: ExamView }) {
  const statusOf = useItemStatus(exam);
  const goTo = useApp((s) => s.goTo);
  const submit = useApp((s) => s.submit);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!dialogOpen()) heading.current?.focus();
  }, []);

  const entries = numberedItems(exam);
  const unanswered = entries.filter((e) => !statusOf(e.item.id).answered);
  const flagged = entries.filter((e) => statusOf(e.item.id).flagged);
  const answered = entries.length - unanswered.length;

  async function confirm(force: boolean) {
    setBusy(true);
    setError(null);
    const outcome = await submit({ force });
    setBusy(false);
    if (!outcome.ok) setError(outcome);
  }

  return (
    <section className="review" aria-labelledby="review-title" data-screen="review">
      <h1 id="review-title" ref={heading} tabIndex={-1}>
        Review and submit
      </h1>
      <p data-testid="review-summary">
        {answered} of {entries.length} questions answered · {flagged.length} flagged for review
      </p>
      <h2 id="review-unanswered">Unanswered</h2>
      {unanswered.length === 0 ? <p>Every question has an answer.</p> : <ItemLinks id="review-unanswered" entries={unanswered} onGo={goTo} />}
      <h2 id="review-flagged">Flagged for review</h2>
      {flagged.length === 0 ? <p>No question is flagged.</p> : <ItemLinks id="review-flagged" entries={flagged} onGo={goTo} />}
      <div className="actions">
        <button type="button" className="button button--primary button--large" onClick={() => setConfirming(true)} data-testid="submit">
          Submit the exam…
        </button>
      </div>
      {confirming ? (
        <ConfirmDialog
          title="Submit your exam?"
          confirmLabel={error?.code === 'unsaved' ? 'Submit anyway' : 'Submit'}
          onConfirm={() => void confirm(error?.code === 'unsaved')}
          onCancel={() => {
            setConfirming(false);
            setError(null);
          }}
          busy={busy}
          testId="confirm-submit"
        >
          <p>After submitting you cannot change your answers.</p>
          <p>
            {unanswered.length === 0 ? 'Every question has an answer' : `${unanswered.length} question${unanswered.length === 1 ? ' is' : 's are'} unanswered`}
            {flagged.length > 0 ? ` and ${flagged.length} ${flagged.length === 1 ? 'is' : 'are'} flagged for review.` : '.'}
          </p>
          {error ? (
            <p role="alert" className="alert">
              <span aria-hidden="true">⚠ </span>
              {error.message}
            </p>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
