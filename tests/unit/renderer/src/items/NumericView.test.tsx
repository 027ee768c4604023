// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ItemOf } from '../../../../../shared/exam/examSchema.js';
import { NumericView } from '../../../../../renderer/src/items/NumericView.js';

const item: ItemOf<'numeric'> = { id: 'latency', type: 'numeric', prompt: 'p', points: 1, skills: [], unit: 'ms' };

function setup(value: unknown = undefined) {
  const onChange = vi.fn();
  render(<NumericView item={item} value={value} onChange={onChange} attemptId="a1" labelledBy="h" />);
  return { onChange, input: screen.getByLabelText('Your answer (in ms)') };
}

describe('NumericView', () => {
  afterEach(cleanup);

  it('shows its unit and saves a valid number as a number', async () => {
    const { onChange, input } = setup();
    expect(screen.getByText('ms')).toBeTruthy();
    await userEvent.type(input, '-12.5');
    expect(onChange).toHaveBeenLastCalledWith(-12.5);
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByTestId('numeric-error').textContent).toBe('');
  });

  it('shows an error for text that is not a number and does not save it', async () => {
    const { onChange, input } = setup();
    await userEvent.type(input, '12');
    onChange.mockClear();
    await userEvent.type(input, 'x');
    expect(onChange).not.toHaveBeenCalled();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('numeric-error').textContent).toMatch(/Enter a number.*Not saved/);
  });

  it('refuses a comma rather than guess the locale, and a typed unit with a hint', async () => {
    const { onChange, input } = setup();
    await userEvent.type(input, '1,5');
    expect(screen.getByTestId('numeric-error').textContent).toContain('Use a point for decimals');
    await userEvent.clear(input);
    onChange.mockClear();
    await userEvent.type(input, '140 ms');
    expect(screen.getByTestId('numeric-error').textContent).toContain('the unit (ms) is already given');
    // "140" was a valid number while typing; what followed never replaced it with text.
    expect(onChange).toHaveBeenLastCalledWith(140);
    expect(onChange.mock.calls.every(([v]) => typeof v === 'number')).toBe(true);
  });

  it('clears the answer when the field is emptied', async () => {
    const { onChange, input } = setup(80);
    expect((input as HTMLInputElement).value).toBe('80');
    await userEvent.clear(input);
    expect(onChange).toHaveBeenLastCalledWith(null);
  });
});
