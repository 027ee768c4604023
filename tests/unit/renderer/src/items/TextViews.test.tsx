// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ItemOf } from '../../../../../shared/exam/examSchema.js';
import { EssayView, ShortTextView } from '../../../../../renderer/src/items/TextViews.js';

const shortItem: ItemOf<'short-text'> = { id: 'hdr', type: 'short-text', prompt: 'p', points: 1, skills: [], maxLength: 10 };
const essayItem: ItemOf<'essay'> = { id: 'essay', type: 'essay', prompt: 'p', points: 2, skills: [], minWords: 3, maxWords: 5 };

/** A view with its value held like the store holds it. */
function Controlled<T extends 'short-text' | 'essay'>({ view: View, item, onChange }: { view: typeof ShortTextView | typeof EssayView; item: ItemOf<T>; onChange(v: unknown): void }) {
  const [value, setValue] = useState<unknown>('');
  const Any = View as (p: { item: ItemOf<T>; value: unknown; onChange(v: unknown): void; attemptId: string; labelledBy: string }) => React.ReactElement;
  return (
    <Any
      item={item}
      value={value}
      onChange={(v) => {
        setValue(v);
        onChange(v);
      }}
      attemptId="a"
      labelledBy="h"
    />
  );
}

describe('ShortTextView', () => {
  afterEach(cleanup);

  it('enforces maxLength on the field and counts characters', () => {
    const onChange = vi.fn();
    render(<Controlled view={ShortTextView} item={shortItem} onChange={onChange} />);
    const input = screen.getByLabelText('Your answer') as HTMLInputElement;
    expect(input.maxLength).toBe(10);
    expect(screen.getByTestId('char-count').textContent).toBe('0 / 10 characters');
    fireEvent.change(input, { target: { value: 'ETag' } });
    expect(onChange).toHaveBeenLastCalledWith('ETag');
    expect(screen.getByTestId('char-count').textContent).toBe('4 / 10 characters');
    fireEvent.change(input, { target: { value: '0123456789' } });
    expect(screen.getByTestId('char-count').textContent).toBe('10 / 10 characters (limit reached)');
    expect(input.getAttribute('aria-describedby')).toBe(screen.getByTestId('char-count').id);
  });
});

describe('EssayView', () => {
  afterEach(cleanup);

  it('counts words against the minimum and maximum', () => {
    const onChange = vi.fn();
    render(<Controlled view={EssayView} item={essayItem} onChange={onChange} />);
    const box = screen.getByLabelText('Your answer');
    const count = () => screen.getByTestId('word-count').textContent;
    expect(count()).toBe('0 words (minimum 3, maximum 5)');
    fireEvent.change(box, { target: { value: '  one\ntwo  ' } });
    expect(count()).toBe('2 words (minimum 3, maximum 5). 1 more word to reach the minimum.');
    fireEvent.change(box, { target: { value: 'one two three four' } });
    expect(count()).toBe('4 words (minimum 3, maximum 5)');
    fireEvent.change(box, { target: { value: 'a b c d e f g' } });
    expect(count()).toContain('7 words (minimum 3, maximum 5). 2 words over the maximum.');
    // Over the limit is still saved: the grader and the candidate decide, not the text box.
    expect(onChange).toHaveBeenLastCalledWith('a b c d e f g');
  });
});
