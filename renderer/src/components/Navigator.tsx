import type { ExamView } from '../../../shared/contract.js';
import { ITEM_TYPE_LABEL } from '../lib/itemMeta.js';

export interface ItemStatus {
  answered: boolean;
  flagged: boolean;
  visited: boolean;
}

export interface NavigatorProps {
  sections: ExamView['sections'];
  currentItemId: string | null;
  reviewOpen: boolean;
  statusOf(itemId: string): ItemStatus;
  onGo(itemId: string): void;
  onReview(): void;
  /** Collapsed to a narrow rail of numbers (while coding): the words stay for screen readers. */
  rail?: boolean;
}

/** Words for an item's state, so nothing depends on colour: read by screen readers and shown as icons. */
export function describeStatus(s: ItemStatus): string {
  const parts = [s.answered ? 'answered' : s.visited ? 'not answered' : 'not visited yet'];
  if (s.flagged) parts.push('flagged for review');
  return parts.join(', ');
}

/** The question navigator: every item with its state (icons and words), jump to any of them. */
export function Navigator({ sections, currentItemId, reviewOpen, statusOf, onGo, onReview, rail = false }: NavigatorProps) {
  let number = 0;
  return (
    <div className={rail ? 'navigator navigator--rail' : 'navigator'} data-rail={rail}>
      <h2 className={rail ? 'nav-title sr-only' : 'nav-title'}>Questions</h2>
      <ul className={rail ? 'nav-legend sr-only' : 'nav-legend'} aria-label="Legend">
        <li>
          <span aria-hidden="true" className="nav-icon">✓</span> answered
        </li>
        <li>
          <span aria-hidden="true" className="nav-icon">⚑</span> flagged
        </li>
        <li>
          <span aria-hidden="true" className="nav-icon">○</span> not visited
        </li>
        <li>
          <span aria-hidden="true" className="nav-icon">▸</span> current
        </li>
      </ul>
      {sections.map((section) => (
        <section key={section.id} className="nav-section" aria-labelledby={`nav-section-${section.id}`}>
          <h3 id={`nav-section-${section.id}`} className={rail ? 'nav-section-title sr-only' : 'nav-section-title'}>
            {section.title}
          </h3>
          <ol className="nav-items">
            {section.items.map((item) => {
              number += 1;
              const status = statusOf(item.id);
              const current = !reviewOpen && item.id === currentItemId;
              const classes = ['nav-item', status.answered ? 'is-answered' : '', status.flagged ? 'is-flagged' : '', status.visited ? '' : 'is-unvisited', current ? 'is-current' : '']
                .filter(Boolean)
                .join(' ');
              return (
                <li key={item.id}>
                  <button
                    type="button"
                    className={classes}
                    aria-current={current ? 'step' : undefined}
                    aria-label={`Question ${number}, ${ITEM_TYPE_LABEL[item.type]}: ${describeStatus(status)}${current ? ', current question' : ''}`}
                    data-item-id={item.id}
                    onClick={() => onGo(item.id)}
                  >
                    <span className="nav-current" aria-hidden="true">
                      {current ? '▸' : ''}
                    </span>
                    <span className="nav-number">{number}</span>
                    {rail ? null : <span className="nav-type">{ITEM_TYPE_LABEL[item.type]}</span>}
                    <span className="nav-icons" aria-hidden="true">
                      {status.answered ? '✓' : status.visited ? '' : '○'}
                      {status.flagged ? '⚑' : ''}
                    </span>
                  </button>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      <button
        type="button"
        className={`button nav-review${reviewOpen ? ' is-current' : ''}`}
        aria-current={reviewOpen ? 'page' : undefined}
        onClick={onReview}
        {...(rail ? { 'aria-label': 'Review and submit', title: 'Review and submit' } : {})}
      >
        {rail ? 'Review' : 'Review and submit'}
      </button>
    </div>
  );
}
