// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ItemOf } from '../../../../../shared/exam/examSchema.js';
import { MultipleChoiceView, SingleChoiceView } from '../../../../../renderer/src/items/ChoiceViews.js';

const options = 'abcdefgh'.split('').map((id) => ({ id, text: `Option ${id.toUpperCase()}` }));
const multi: ItemOf<'multiple-choice'> = { id: 'methods', type: 'multiple-choice', prompt: 'p', points: 1, skills: [], options, shuffle: true };
const single: ItemOf<'single-choice'> = { id: 'status', type: 'single-choice', prompt: 'p', points: 1, skills: [], options };

function order(): string[] {
  return screen.getAllByRole('checkbox').map((el) => (el as HTMLInputElement).value);
}

describe('choice views', () => {
  afterEach(cleanup);

  it('shuffles deterministically per attempt and item: the same order after a re-render (reload)', () => {
    const first = render(<MultipleChoiceView item={multi} value={[]} onChange={() => {}} attemptId="attempt-1" labelledBy="h" />);
    const a = order();
    first.unmount();
    render(<MultipleChoiceView item={multi} value={[]} onChange={() => {}} attemptId="attempt-1" labelledBy="h" />);
    expect(order()).toEqual(a);
    expect(a).not.toEqual('abcdefgh'.split(''));
    expect([...a].sort()).toEqual('abcdefgh'.split(''));
  });

  it('orders differently for another attempt or another item', () => {
    const orders = new Set<string>();
    for (const attemptId of ['attempt-1', 'attempt-2', 'attempt-3']) {
      const r = render(<MultipleChoiceView item={multi} value={[]} onChange={() => {}} attemptId={attemptId} labelledBy="h" />);
      orders.add(order().join(''));
      r.unmount();
    }
    const r = render(<MultipleChoiceView item={{ ...multi, id: 'other' }} value={[]} onChange={() => {}} attemptId="attempt-1" labelledBy="h" />);
    orders.add(order().join(''));
    r.unmount();
    expect(orders.size).toBeGreaterThan(2);
  });

  it('keeps the exam order without shuffle', () => {
    render(<SingleChoiceView item={single} value={undefined} onChange={() => {}} attemptId="attempt-1" labelledBy="h" />);
    expect(screen.getAllByRole('radio').map((el) => (el as HTMLInputElement).value)).toEqual('abcdefgh'.split(''));
  });

  it('saves a radio choice immediately and multiple choices in the exam order', () => {
    const onSingle = vi.fn();
    render(<SingleChoiceView item={single} value="a" onChange={onSingle} attemptId="x" labelledBy="h" />);
    expect((screen.getByLabelText('Option A') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByLabelText('Option C'));
    expect(onSingle).toHaveBeenCalledWith('c', { immediate: true });
    cleanup();
    const onMulti = vi.fn();
    render(<MultipleChoiceView item={multi} value={['f']} onChange={onMulti} attemptId="x" labelledBy="h" />);
    fireEvent.click(screen.getByLabelText('Option B'));
    expect(onMulti).toHaveBeenCalledWith(['b', 'f'], { immediate: true });
    expect(screen.getByRole('group').textContent).toContain('Choose all that apply');
  });
});
