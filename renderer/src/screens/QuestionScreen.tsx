import { useEffect, useRef } from 'react';
import { Markdown } from '../components/Markdown.js';
import { dialogOpen } from '../hooks/useShortcuts.js';
import { ItemView } from '../items/ItemView.js';
import type { NumberedItem } from '../lib/examItems.js';
import { ITEM_TYPE_LABEL } from '../lib/itemMeta.js';
import { useApp } from '../store/StoreProvider.js';

/** One question: where it is, its prompt, its answer view, and Previous / Flag / Next. */
export function QuestionScreen({ entry, total }: { entry: NumberedItem; total: number }) {
  const { item, section, number } = entry;
  const flagged = useApp((s) => s.attempt?.flags.includes(item.id) ?? false);
  const flagError = useApp((s) => s.flagError);
  const goNext = useApp((s) => s.goNext);
  const goPrev = useApp((s) => s.goPrev);
  const toggleFlag = useApp((s) => s.toggleFlag);
  const markVisited = useApp((s) => s.markVisited);
  const answered = useApp((s) => Boolean(s.attempt?.answers[item.id]));
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    markVisited(item.id);
  }, [item.id, markVisited]);

  // Each question (the screen is keyed by item) puts the focus on its heading, so it is announced
  // and Tab continues from the top of the question. Not while a dialog holds the focus.
  useEffect(() => {
    if (!dialogOpen()) heading.current?.focus();
  }, []);

  const last = number === total;
  const actions = (
    <div className={item.type === 'coding' ? 'question-actions question-actions--bar' : 'question-actions'}>
      <button type="button" className={item.type === 'coding' ? 'button button--small' : 'button'} onClick={goPrev} disabled={number === 1} aria-keyshortcuts="Alt+P">
        <span aria-hidden="true">← </span>Previous
      </button>
      <button type="button" className={`button${item.type === 'coding' ? ' button--small' : ''}${flagged ? ' is-pressed' : ''}`} aria-pressed={flagged} onClick={() => void toggleFlag(item.id)} aria-keyshortcuts="Alt+F" data-testid="flag">
        <span aria-hidden="true">{flagged ? '⚑ ' : '⚐ '}</span>Flag for review
      </button>
      <button type="button" className={`button button--primary${item.type === 'coding' ? ' button--small' : ''}`} onClick={goNext} aria-keyshortcuts="Alt+N">
        {last ? 'Review answers' : 'Next'}
        <span aria-hidden="true"> →</span>
      </button>
    </div>
  );
  const eyebrow = (
    <p className="eyebrow">
      {section.title} · {ITEM_TYPE_LABEL[item.type]} · {item.points} point{item.points === 1 ? '' : 's'}
      {flagged ? (
        <span className="badge badge--flag">
          <span aria-hidden="true">⚑ </span>Flagged
        </span>
      ) : null}
    </p>
  );
  const flagAlert = flagError ? (
    <p role="alert" className="alert">
      {flagError}
    </p>
  ) : null;

  // A coding item is an IDE filling the window: one bar (where, what, how it is saved, the way on), then the workspace.
  if (item.type === 'coding') {
    return (
      <article className="question question--coding" aria-labelledby="question-title" data-item-id={item.id} data-screen="question">
        <div className="question-bar">
          <h1 id="question-title" ref={heading} tabIndex={-1}>
            Question {number} of {total}
          </h1>
          {eyebrow}
          <p className="coding-status" data-testid="coding-status">
            <span aria-hidden="true">{answered ? '✓ ' : '• '}</span>
            {answered ? 'Workspace recorded as your answer' : 'Your workspace is your answer'}
          </p>
          {actions}
        </div>
        {flagAlert}
        <ItemView item={item} labelledBy="question-title" />
      </article>
    );
  }

  return (
    <article className={`question question--${item.type}`} aria-labelledby="question-title" data-item-id={item.id} data-screen="question">
      {eyebrow}
      <h1 id="question-title" ref={heading} tabIndex={-1}>
        Question {number} of {total}
      </h1>
      <div className="question-body">
        <div id="question-prompt" className="prompt">
          <Markdown text={item.prompt} headingBase={1} />
        </div>
        <div className="answer">
          <ItemView item={item} labelledBy="question-title" />
        </div>
      </div>
      {actions}
      {flagAlert}
    </article>
  );
}
