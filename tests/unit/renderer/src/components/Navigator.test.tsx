// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Navigator } from '../../../../../renderer/src/components/Navigator.js';
import { testExam } from '../../fakeApp.js';

describe('Navigator', () => {
  afterEach(cleanup);

  it('names each item’s state in words and marks the current one, and jumps on activation', () => {
    const onGo = vi.fn();
    const states: Record<string, { answered: boolean; flagged: boolean; visited: boolean }> = {
      q1: { answered: true, flagged: true, visited: true },
      q2: { answered: false, flagged: false, visited: true },
      q3: { answered: false, flagged: false, visited: false },
    };
    render(<Navigator sections={testExam().sections} currentItemId="q2" reviewOpen={false} statusOf={(id) => states[id]!} onGo={onGo} onReview={() => {}} />);
    const [b1, b2, b3] = screen.getAllByRole('button').filter((b) => b.dataset.itemId);
    expect(b1?.getAttribute('aria-label')).toBe('Question 1, Single choice: answered, flagged for review');
    expect(b1?.textContent).toContain('✓');
    expect(b1?.textContent).toContain('⚑');
    expect(b2?.getAttribute('aria-label')).toBe('Question 2, Short answer: not answered, current question');
    expect(b2?.getAttribute('aria-current')).toBe('step');
    expect(b3?.getAttribute('aria-label')).toBe('Question 3, Coding task: not visited yet');
    expect(b3?.textContent).toContain('○');
    fireEvent.click(b3!);
    expect(onGo).toHaveBeenCalledWith('q3');
  });
});
