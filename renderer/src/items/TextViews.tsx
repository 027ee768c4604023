import { useId } from 'react';
import { countWords } from '../lib/words.js';
import type { ItemViewProps } from './itemViewProps.js';

const asText = (value: unknown) => (typeof value === 'string' ? value : '');

/** Short text, with the item's maxLength enforced by the field and a character counter. */
export function ShortTextView({ item, value, onChange }: ItemViewProps<'short-text'>) {
  const id = useId();
  const text = asText(value);
  const max = item.maxLength;
  return (
    <div className="field">
      <label htmlFor={`${id}-input`} className="field-label">
        Your answer
      </label>
      <input
        id={`${id}-input`}
        className="input"
        type="text"
        value={text}
        maxLength={max}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={max ? `${id}-count` : undefined}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      {max ? (
        <p id={`${id}-count`} className={`field-hint${text.length >= max ? ' is-limit' : ''}`} data-testid="char-count">
          {text.length} / {max} characters{text.length >= max ? ' (limit reached)' : ''}
        </p>
      ) : null}
    </div>
  );
}

/** Essay: a large field and a word count against the item's minimum and maximum. */
export function EssayView({ item, value, onChange }: ItemViewProps<'essay'>) {
  const id = useId();
  const text = asText(value);
  const words = countWords(text);
  const { minWords, maxWords } = item;
  const limits = [minWords !== undefined ? `minimum ${minWords}` : '', maxWords !== undefined ? `maximum ${maxWords}` : ''].filter(Boolean).join(', ');
  let status = '';
  let problem = false;
  if (minWords !== undefined && words > 0 && words < minWords) {
    status = `${minWords - words} more word${minWords - words === 1 ? '' : 's'} to reach the minimum.`;
  } else if (maxWords !== undefined && words > maxWords) {
    status = `${words - maxWords} word${words - maxWords === 1 ? '' : 's'} over the maximum.`;
    problem = true;
  }
  return (
    <div className="field">
      <label htmlFor={`${id}-input`} className="field-label">
        Your answer
      </label>
      <textarea id={`${id}-input`} className="input essay" rows={12} value={text} aria-describedby={`${id}-count`} onChange={(e) => onChange(e.currentTarget.value)} />
      <p id={`${id}-count`} className={`field-hint${problem ? ' is-problem' : ''}`} data-testid="word-count">
        {problem ? <span aria-hidden="true">⚠ </span> : null}
        {words} word{words === 1 ? '' : 's'}
        {limits ? ` (${limits})` : ''}
        {status ? `. ${status}` : ''}
      </p>
    </div>
  );
}
