// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HeartbeatStatus, ResultStatus } from '../../../../../../renderer/src/dashboard/components/AttemptCells.js';
import { mergeSummaries } from '../../../../../../renderer/src/dashboard/lib/attemptRows.js';
import { summary } from '../fixtures.js';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');

function rowWithHeartbeat(state: 'in-progress' | 'sealed' = 'in-progress') {
  return mergeSummaries({}, [summary({ attemptId: 'a', state, lastHeartbeatAt: new Date(T0).toISOString() })], T0, true).a!;
}

describe('HeartbeatStatus', () => {
  afterEach(cleanup);

  it.each([
    [4_000, 'ok', 'OK', '●'],
    [5_000, 'late', 'Late', '◔'],
    [10_000, 'stale', 'Missing', '◑'],
    [15_000, 'lost', 'Lost', '✖'],
  ])('after %i ms shows level %s with its own word and icon, not only a colour', (age, level, word, icon) => {
    render(<HeartbeatStatus row={rowWithHeartbeat()} now={T0 + age} />);
    const el = screen.getByTestId('heartbeat');
    expect(el.className).toBe(`hb hb--${level}`);
    expect(el.dataset.level).toBe(level);
    expect(el.textContent).toContain(word);
    expect(el.textContent).toContain(icon);
    expect(el.textContent).toContain(age >= 1000 ? `${age / 1000} s ago` : 'just now');
  });

  it('shows a finished attempt as finished, whatever the silence', () => {
    render(<HeartbeatStatus row={rowWithHeartbeat('sealed')} now={T0 + 60_000} />);
    expect(screen.getByTestId('heartbeat').className).toBe('hb hb--done');
    expect(screen.getByTestId('heartbeat').textContent).toContain('Finished');
  });
});

describe('ResultStatus', () => {
  afterEach(cleanup);

  it('shows the percentage beside the points, and says a proctor force-submitted it', () => {
    const result = { submittedAt: '2026-01-01T10:30:00.000Z', receivedAt: '2026-01-01T10:30:01.000Z', resultSha256: 'a'.repeat(64) };
    const grading = { status: 'graded' as const, score: 136.03, maxScore: 194, pendingManual: 1, error: null };
    render(<ResultStatus summary={summary({ attemptId: 'a', state: 'sealed', result: { ...result, submitReason: 'proctor' }, grading })} />);
    expect(screen.getByTestId('result').textContent).toMatch(/^Graded 136.03 \/ 194 · 1 essay to grade/);
    expect(screen.getByTestId('result-percent').textContent).toBe('70% · ⚠ force-submitted');
    cleanup();
    render(<ResultStatus summary={summary({ attemptId: 'b', state: 'sealed', result: { ...result, submitReason: 'time-up' }, grading: { ...grading, pendingManual: 0 } })} />);
    expect(screen.getByTestId('result-percent').textContent).toBe('70% · time ran out');
  });
});
