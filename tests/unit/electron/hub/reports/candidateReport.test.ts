import { describe, expect, it } from 'vitest';
import { codingTests, timePerItem } from '../../../../../electron/hub/reports/candidateReport.js';
import type { JournalEntry } from '../../../../../shared/journal.js';

const entry = (seq: number, min: number, type: JournalEntry['type'], data: unknown): JournalEntry => ({
  seq,
  at: new Date(Date.UTC(2026, 10, 30, 9, min)).toISOString(),
  mono: seq,
  type,
  data,
  prev: null,
  hash: 'h'.repeat(64),
});

describe('candidate report pieces', () => {
  it('reads the hidden tests per behaviour from the coding feedback and the weighted key', () => {
    const key = {
      command: 'node --test',
      timeoutSeconds: 30,
      report: 'tap' as const,
      tests: [
        { name: 'empty array sums to 0', points: 0.2, skill: 'coding' },
        { name: 'negative numbers', points: 0.9, skill: 'coding' },
        { name: '/^single/', points: 0.9, skill: 'coding' },
      ],
    };
    const feedback = '1 of 3 hidden tests passed.\nNot passed:\n- negative numbers\n- single number (no result: it did not run)\n\n--- output ---\n...';
    expect(codingTests(feedback, key)).toEqual({
      passed: 1,
      total: 3,
      list: [
        { name: 'empty array sums to 0', passed: true, points: 0.2, skill: 'coding' },
        { name: 'negative numbers', passed: false, points: 0.9, skill: 'coding' },
        { name: '/^single/', passed: false, points: 0.9, skill: 'coding' },
      ],
    });
    // Without weighted tests, the tests not passed are listed by name.
    expect(codingTests('2 of 3 hidden tests passed.\nNot passed:\n- adds (timeout)', { ...key, tests: undefined })?.list).toEqual([{ name: 'adds', passed: false, points: null, skill: null }]);
    expect(codingTests('question error: broken', key)).toBeNull();
  });

  it('estimates time per item from saved changes, without paused spans', () => {
    const times = timePerItem([
      entry(1, 0, 'state', { from: 'ready', to: 'in-progress' }),
      entry(2, 4, 'answer', { itemId: 'q1', value: 'a' }),
      entry(3, 10, 'edit', { itemId: 'code' }),
      entry(4, 12, 'state', { from: 'in-progress', to: 'paused' }),
      entry(5, 30, 'state', { from: 'paused', to: 'in-progress' }),
      entry(6, 33, 'answer', { itemId: 'q1', value: 'b' }),
      entry(7, 40, 'state', { from: 'in-progress', to: 'submitted' }),
    ]);
    expect(Object.fromEntries(times)).toEqual({ q1: 7 * 60_000, code: 6 * 60_000 });
  });
});
