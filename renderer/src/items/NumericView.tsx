import { useId, useState } from 'react';
import { parseNumericInput } from '../lib/numericInput.js';
import type { ItemViewProps } from './itemViewProps.js';

export interface NumericViewProps extends ItemViewProps<'numeric'> {
  /** What was typed (kept by the store across navigation); the view keeps its own copy without it. */
  text?: string;
  onText?(text: string): void;
}

/**
 * Numeric answer with its unit. What was typed is checked as it is typed: an invalid entry shows an
 * error and is not saved (the last valid number stays saved); clearing the field clears the answer.
 */
export function NumericView({ item, value, onChange, text: givenText, onText }: NumericViewProps) {
  const id = useId();
  const [ownText, setOwnText] = useState(() => (typeof value === 'number' ? String(value) : ''));
  const text = givenText ?? ownText;
  const parsed = parseNumericInput(text, item.unit);
  const invalid = parsed.kind === 'invalid';

  function change(next: string) {
    setOwnText(next);
    onText?.(next);
    const read = parseNumericInput(next, item.unit);
    if (read.kind === 'number') onChange(read.value);
    else if (read.kind === 'empty') onChange(null);
  }

  return (
    <div className="field">
      <label htmlFor={`${id}-input`} className="field-label">
        Your answer{item.unit ? ` (in ${item.unit})` : ''}
      </label>
      <div className="input-unit">
        <input
          id={`${id}-input`}
          className="input input--numeric"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={text}
          aria-invalid={invalid || undefined}
          aria-describedby={`${id}-error`}
          onChange={(e) => change(e.currentTarget.value)}
        />
        {item.unit ? (
          <span className="unit" aria-hidden="true">
            {item.unit}
          </span>
        ) : null}
      </div>
      <p id={`${id}-error`} className="field-error" aria-live="polite" data-testid="numeric-error">
        {invalid ? (
          <>
            <span aria-hidden="true">⚠ </span>
            {parsed.message} Not saved.
          </>
        ) : null}
      </p>
    </div>
  );
}
