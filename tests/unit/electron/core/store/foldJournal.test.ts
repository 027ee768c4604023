import { describe, expect, it } from 'vitest';
import { foldJournal } from '../../../../../electron/core/store/foldJournal.js';
import { attemptDocumentSchema } from '../../../../../shared/attempt.js';
import type { JournalEntry, JournalEntryType } from '../../../../../shared/journal.js';

let seq = 0;
function entry(type: JournalEntryType, data: unknown): JournalEntry {
  seq++;
  return { seq, at: new Date(Date.UTC(2026, 0, 1, 9, 0, seq)).toISOString(), mono: seq * 100, type, data, prev: null, hash: seq.toString(16).padStart(64, '0') };
}

describe('foldJournal', () => {
  it('is the empty checked-in document for an empty journal', () => {
    const doc = foldJournal([], 'att');
    expect(doc).toMatchObject({ attemptId: 'att', state: 'checked-in', answers: {}, flags: [], lastSeq: 0, headHash: null, updatedAt: null });
    expect(attemptDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it('folds states, answers, flags, violations, timer and sync into the view', () => {
    seq = 0;
    const entries = [
      entry('state', { from: 'checked-in', to: 'in-progress' }),
      entry('answer', { itemId: 'q1', value: 'A' }),
      entry('answer', { itemId: 'q2', value: [1, 2] }),
      entry('flag', { itemId: 'q2', flagged: true }),
      entry('flag', { itemId: 'q1', flagged: true }),
      entry('answer', { itemId: 'q1', value: 'B' }),
      entry('flag', { itemId: 'q2', flagged: false }),
      entry('violation', { kind: 'focus-loss', severity: 'warning', detail: '3 s' }),
      entry('violation', { kind: 'clock-jump', severity: 'critical', detail: '+40 s' }),
      entry('timer', { elapsedMs: 5000 }),
      entry('timer', { elapsedMs: 10000 }),
      entry('sync', { ackedSeq: 9 }),
      entry('command', { kind: 'message', text: 'hi' }),
      entry('state', { from: 'in-progress', to: 'submitted', reason: 'time-up' }),
      entry('repair', { what: 'attempt-json', detail: 'rebuilt' }),
    ];
    const doc = foldJournal(entries, 'att');
    expect(doc.state).toBe('submitted');
    expect(doc.stateReason).toBe('time-up');
    expect(doc.answers).toEqual({
      q1: { value: 'B', savedAt: entries[5]?.at, seq: 6 },
      q2: { value: [1, 2], savedAt: entries[2]?.at, seq: 3 },
    });
    expect(doc.flags).toEqual(['q1']);
    expect(doc.violations).toEqual({ info: 0, warning: 1, critical: 1 });
    expect(doc.timer).toEqual({ seq: 11, at: entries[10]?.at, mono: 1100, data: { elapsedMs: 10000 } });
    expect(doc.sync).toMatchObject({ seq: 12, data: { ackedSeq: 9 } });
    expect(doc).toMatchObject({ lastSeq: 15, headHash: entries[14]?.hash, updatedAt: entries[14]?.at });
    expect(attemptDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it('keeps odd item ids as plain keys', () => {
    seq = 0;
    const doc = foldJournal([entry('answer', { itemId: '__proto__', value: 1 })], 'att');
    expect(Object.keys(doc.answers)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(doc.answers)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(doc)).answers.__proto__.value).toBe(1);
  });

  it('refuses typed entries whose data is invalid', () => {
    seq = 0;
    expect(() => foldJournal([entry('answer', { value: 1 })], 'att')).toThrow(/entry seq 1 \(answer\) has invalid data/);
  });
});
