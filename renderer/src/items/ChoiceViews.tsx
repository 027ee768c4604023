import { useMemo } from 'react';
import { shuffleFor } from '../lib/shuffle.js';
import type { ItemViewProps } from './itemViewProps.js';
import type { ItemOf } from '../../../shared/exam/examSchema.js';

type ChoiceItem = ItemOf<'single-choice'> | ItemOf<'multiple-choice'>;

/** The options in display order: shuffled per attempt and item when the item asks for it. */
export function useOptionOrder(item: ChoiceItem, attemptId: string): ChoiceItem['options'] {
  return useMemo(() => (item.shuffle ? shuffleFor(item.options, attemptId, item.id) : item.options), [item, attemptId]);
}

/** Single choice: a native radio group (arrow keys move between options). */
export function SingleChoiceView({ item, value, onChange, attemptId, labelledBy }: ItemViewProps<'single-choice'>) {
  const options = useOptionOrder(item, attemptId);
  const legendId = `${item.id}-legend`;
  return (
    <fieldset className="choices" aria-labelledby={`${labelledBy} ${legendId}`}>
      <legend id={legendId} className="choices-legend">
        Choose one answer
      </legend>
      {options.map((option) => (
        <label key={option.id} className="choice">
          <input type="radio" name={`answer-${item.id}`} value={option.id} checked={value === option.id} onChange={() => onChange(option.id, { immediate: true })} />
          <span className="choice-text">{option.text}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Multiple choice: checkboxes; the answer lists the chosen ids in the exam's own option order. */
export function MultipleChoiceView({ item, value, onChange, attemptId, labelledBy }: ItemViewProps<'multiple-choice'>) {
  const options = useOptionOrder(item, attemptId);
  const chosen = new Set(Array.isArray(value) ? (value as unknown[]).filter((v): v is string => typeof v === 'string') : []);
  const legendId = `${item.id}-legend`;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange(
      item.options.map((o) => o.id).filter((oid) => next.has(oid)),
      { immediate: true },
    );
  };
  return (
    <fieldset className="choices" aria-labelledby={`${labelledBy} ${legendId}`}>
      <legend id={legendId} className="choices-legend">
        Choose all that apply
      </legend>
      {options.map((option) => (
        <label key={option.id} className="choice">
          <input type="checkbox" name={`answer-${item.id}`} value={option.id} checked={chosen.has(option.id)} onChange={(e) => toggle(option.id, e.currentTarget.checked)} />
          <span className="choice-text">{option.text}</span>
        </label>
      ))}
    </fieldset>
  );
}
