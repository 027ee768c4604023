import { describe, expect, it } from 'vitest';
import { RECORDING_JOURNAL_BYTES_PER_SECOND, RecordingJournal, type RecordingChunk } from '../../../../../electron/core/attempt/recordingJournal.js';
import { createManualClock } from '../../../../../electron/core/attempt/clock.js';
import { encodeRecordHead, encodeRecordingStart, type RecordKind } from '../../../../../electron/core/terminal/recordingFormat.js';
import { parseAsciicast } from '../../../../../renderer/src/dashboard/lib/asciicast.js';

const header = { version: 2 as const, width: 100, height: 30, timestamp: 1_700_000_000, env: { SHELL: '/bin/bash', TERM: 'xterm-256color' } };
const start = () => encodeRecordingStart(header);
const rec = (kind: RecordKind, seconds: number, payload: Buffer | string) => {
  const bytes = Buffer.from(payload);
  return Buffer.concat([encodeRecordHead(kind, seconds, bytes.length), bytes]);
};

describe('RecordingJournal', () => {
  it('journals the header and ordinary output as asciicast v2, as the hub plays it', () => {
    const clock = createManualClock();
    const chunks: RecordingChunk[] = [];
    const journal = new RecordingJournal(clock, (c) => chunks.push(c));
    journal.offer('task', 1, Buffer.concat([start(), rec('o', 0.05, '$ ')]));
    journal.offer('task', 1, Buffer.concat([rec('i', 0.1, 'ls\r'), rec('o', 0.1, 'hi "there"\r\n')]));
    expect(chunks).toEqual([
      { itemId: 'task', session: 1, cast: `${JSON.stringify(header)}\n[0.05,"o","$ "]\n`, dropped: 0 },
      { itemId: 'task', session: 1, cast: '[0.1,"i","ls\\r"]\n[0.1,"o","hi \\"there\\"\\r\\n"]\n', dropped: 0 },
    ]);
    const cast = parseAsciicast(chunks.map((c) => c.cast).join(''));
    expect(cast).toMatchObject({ width: 100, height: 30, skipped: 0 });
    expect(cast.events.map((e) => e.data)).toEqual(['$ ', 'ls\r', 'hi "there"\r\n']);
  });

  it('keeps a character split across two pieces whole', () => {
    const clock = createManualClock();
    const chunks: RecordingChunk[] = [];
    const journal = new RecordingJournal(clock, (c) => chunks.push(c));
    const euro = Buffer.from('€');
    journal.offer('task', 1, Buffer.concat([start(), rec('o', 0, Buffer.concat([Buffer.from('a'), euro.subarray(0, 2)]))]));
    journal.offer('task', 1, rec('o', 0.1, euro.subarray(2)));
    expect(parseAsciicast(chunks.map((c) => c.cast).join('')).events.map((e) => e.data).join('')).toBe('a€');
  });

  it('bounds a flood per second and says how much it left out', () => {
    const clock = createManualClock();
    const chunks: RecordingChunk[] = [];
    const journal = new RecordingJournal(clock, (c) => chunks.push(c));
    journal.offer('task', 1, start());
    const big = rec('o', 0.2, 'y\n'.repeat(10_000));
    for (let i = 0; i < 10; i++) journal.offer('task', 1, big);
    const sentPieces = chunks.length - 1;
    expect(sentPieces * big.length).toBeLessThanOrEqual(RECORDING_JOURNAL_BYTES_PER_SECOND);
    clock.advance(1000);
    journal.offer('task', 1, rec('o', 1.3, 'after'));
    const last = chunks.at(-1)!;
    expect(last.cast).toContain('after');
    expect(last.dropped).toBe(big.length * (10 - sentPieces));
  });

  it('keeps separate budgets per shell', () => {
    const clock = createManualClock();
    const chunks: RecordingChunk[] = [];
    const journal = new RecordingJournal(clock, (c) => chunks.push(c));
    journal.offer('a', 1, rec('o', 0, 'x'.repeat(RECORDING_JOURNAL_BYTES_PER_SECOND - 13)));
    journal.offer('b', 1, rec('o', 0, 'y'.repeat(100)));
    expect(chunks.map((c) => c.itemId)).toEqual(['a', 'b']);
  });
});
