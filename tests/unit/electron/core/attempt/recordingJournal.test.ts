import { describe, expect, it } from 'vitest';
import { RECORDING_JOURNAL_BYTES_PER_SECOND, RecordingJournal, type RecordingChunk } from '../../../../../electron/core/attempt/recordingJournal.js';
import { createManualClock } from '../../../../../electron/core/attempt/clock.js';

describe('RecordingJournal', () => {
  it('journals the header and ordinary output as it comes', () => {
    const clock = createManualClock();
    const chunks: RecordingChunk[] = [];
    const journal = new RecordingJournal(clock, (c) => chunks.push(c));
    journal.offer('task', 1, '{"version":2}\n');
    journal.offer('task', 1, '[0.1,"o","hi"]\n');
    expect(chunks).toEqual([
      { itemId: 'task', session: 1, cast: '{"version":2}\n', dropped: 0 },
      { itemId: 'task', session: 1, cast: '[0.1,"o","hi"]\n', dropped: 0 },
    ]);
  });

  it('bounds a flood per second and says how much it left out', () => {
    const clock = createManualClock();
    const chunks: RecordingChunk[] = [];
    const journal = new RecordingJournal(clock, (c) => chunks.push(c));
    const big = `[0.2,"o","${'y\\n'.repeat(10_000)}"]\n`;
    for (let i = 0; i < 10; i++) journal.offer('task', 1, big);
    const sent = chunks.reduce((n, c) => n + c.cast.length, 0);
    expect(sent).toBeLessThanOrEqual(RECORDING_JOURNAL_BYTES_PER_SECOND);
    clock.advance(1000);
    journal.offer('task', 1, '[1.3,"o","after"]\n');
    const last = chunks.at(-1)!;
    expect(last.cast).toContain('after');
    expect(last.dropped).toBe(big.length * (10 - (chunks.length - 1)));
  });

  it('keeps separate budgets per shell', () => {
    const clock = createManualClock();
    const chunks: RecordingChunk[] = [];
    const journal = new RecordingJournal(clock, (c) => chunks.push(c));
    journal.offer('a', 1, 'x'.repeat(RECORDING_JOURNAL_BYTES_PER_SECOND));
    journal.offer('b', 1, 'y'.repeat(100));
    expect(chunks.map((c) => c.itemId)).toEqual(['a', 'b']);
  });
});
