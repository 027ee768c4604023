// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SaveIndicator } from '../../../../../renderer/src/components/SaveIndicator.js';
import type { SaveSnapshot } from '../../../../../renderer/src/store/saveQueue.js';

const base: SaveSnapshot = { status: 'idle', lastSavedAt: null, error: null, retryAt: null, unsaved: [] };

describe('SaveIndicator', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('says nothing alarming before anything was saved', () => {
    render(<SaveIndicator save={base} onRetry={() => {}} />);
    expect(screen.getByTestId('save-status').textContent).toContain('Autosave on');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says "Saving…" while a change is pending and announces it politely', () => {
    render(<SaveIndicator save={{ ...base, status: 'saving', unsaved: ['q1'] }} onRetry={() => {}} />);
    expect(screen.getByTestId('save-status').textContent).toContain('Saving…');
    expect(screen.getByRole('status').textContent).toBe('Saving…');
  });

  it('says "Saved · 2 s ago" and keeps counting from the durable acknowledgement', () => {
    render(<SaveIndicator save={{ ...base, status: 'saved', lastSavedAt: Date.now() }} onRetry={() => {}} />);
    expect(screen.getByTestId('save-status').textContent).toContain('Saved · just now');
    act(() => {
      vi.advanceTimersByTime(2_000);
    });
    expect(screen.getByTestId('save-status').textContent).toContain('Saved · 2 s ago');
    act(() => {
      vi.advanceTimersByTime(3 * 60_000);
    });
    expect(screen.getByTestId('save-status').textContent).toContain('Saved · 3 min ago');
    expect(screen.getByRole('status').textContent).toBe('All answers saved');
  });

  it('fails loudly with role=alert, the reason, the retry countdown and a Retry button', () => {
    const onRetry = vi.fn();
    render(<SaveIndicator save={{ ...base, status: 'failed', error: 'the disk is full', retryAt: Date.now() + 4_000, unsaved: ['q1'] }} onRetry={onRetry} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Not saved.');
    expect(alert.textContent).toContain('the disk is full');
    expect(alert.textContent).toContain('kept on this screen');
    expect(alert.textContent).toContain('trying again in 4 s');
    act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(screen.getByRole('alert').textContent).toContain('trying again in 3 s');
    act(() => {
      screen.getByRole('button', { name: 'Retry' }).click();
    });
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});
