// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Timer, timerLevel } from '../../../../../renderer/src/components/Timer.js';

const view = (remainingMs: number, running = true) => ({ clock: 'active' as const, durationMs: 600_000, remainingMs, running, warnAtMinutes: [5, 1] });

describe('Timer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('counts down locally between pushes while running, and says so in words for screen readers', () => {
    render(<Timer timer={view(125_000)} timerAt={Date.now()} />);
    const timer = screen.getByRole('timer');
    expect(timer.textContent).toContain('2:05');
    expect(timer.getAttribute('aria-label')).toBe('Time left: 2 minutes 5 seconds');
    act(() => {
      vi.advanceTimersByTime(5_000);
    });
    expect(screen.getByRole('timer').textContent).toContain('2:00');
  });

  it('stands still while the engine says the clock is stopped', () => {
    render(<Timer timer={view(125_000, false)} timerAt={Date.now()} />);
    act(() => {
      vi.advanceTimersByTime(5_000);
    });
    expect(screen.getByRole('timer').textContent).toContain('2:05');
    expect(screen.getByRole('timer').getAttribute('aria-label')).toContain('clock stopped');
  });

  it('looks different in the last minutes and in the last minute, with words, not only colour', () => {
    expect(timerLevel(10 * 60_000, [5, 1])).toBe('normal');
    expect(timerLevel(5 * 60_000, [5, 1])).toBe('low');
    expect(timerLevel(3 * 60_000, [10, 3])).toBe('low');
    expect(timerLevel(59_000, [5, 1])).toBe('critical');
    render(<Timer timer={view(45_000)} timerAt={Date.now()} />);
    const timer = screen.getByRole('timer');
    expect(timer.className).toContain('timer--critical');
    expect(timer.textContent).toContain('Last minute');
  });
});
