import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JournalEntry } from '../../../../../../shared/journal.js';
import { compressIdle, parseAsciicast, recordingsFromTimeline } from '../../../../../../renderer/src/dashboard/lib/asciicast.js';
import { createPlayback } from '../../../../../../renderer/src/dashboard/lib/castPlayback.js';

const CAST = [
  JSON.stringify({ version: 2, width: 100, height: 30, timestamp: 1 }),
  JSON.stringify([0.5, 'o', '$ ']),
  JSON.stringify([1.0, 'i', 'ls\r']),
  JSON.stringify([1.2, 'o', 'ls\r\n']),
  JSON.stringify([1.5, 'r', '120x40']),
  JSON.stringify([31.5, 'o', 'a.txt\r\n']),
  '[32.0, "o", "torn',
].join('\n');

describe('parseAsciicast', () => {
  it('reads the header size and the events, counting damaged lines instead of failing', () => {
    const cast = parseAsciicast(CAST);
    expect(cast).toMatchObject({ width: 100, height: 30, duration: 31.5, skipped: 1 });
    expect(cast.events.map((e) => e.code)).toEqual(['o', 'i', 'o', 'r', 'o']);
  });

  it('shortens idle gaps for playback', () => {
    const events = compressIdle(parseAsciicast(CAST).events, 2);
    expect(events.at(-1)?.t).toBeCloseTo(3.5);
  });
});

describe('recordingsFromTimeline', () => {
  const entry = (seq: number, data: unknown): JournalEntry => ({ seq, at: '2026-01-01T10:00:00.000Z', mono: seq, type: 'terminal', data, prev: null, hash: '0'.repeat(64) });

  it('joins the chunks of each session in journal order', () => {
    const lines = CAST.split('\n');
    const recordings = recordingsFromTimeline([
      entry(1, { itemId: 'sum', session: 1, cast: `${lines[0]}\n${lines[1]}\n` }),
      entry(2, { itemId: 'other', session: 1, cast: lines[1] }),
      entry(3, { itemId: 'sum', session: 1, cast: `${lines[3]}\n` }),
      entry(4, { unrelated: true }),
    ]);
    expect(recordings.map((r) => [r.itemId, r.session, r.cast.events.length])).toEqual([
      ['other', 1, 1],
      ['sum', 1, 2],
    ]);
    expect(recordings[1]!.cast.width).toBe(100);
  });
});

describe('createPlayback', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes output when its time comes, scaled by the speed; pauses and restarts', async () => {
    let clock = 0;
    const written: string[] = [];
    const sizes: string[] = [];
    const playback = createPlayback({
      cast: parseAsciicast(CAST),
      target: { write: (d) => written.push(d), resize: (c, r) => sizes.push(`${c}x${r}`), reset: () => written.splice(0) },
      now: () => clock,
    });
    const advance = async (ms: number) => {
      clock += ms;
      await vi.advanceTimersByTimeAsync(ms);
    };
    expect(sizes).toEqual(['100x30']);
    playback.play();
    await advance(600);
    expect(written.join('')).toBe('$ ');
    playback.pause();
    await advance(5_000);
    expect(written.join('')).toBe('$ ');
    playback.setSpeed(2);
    playback.play();
    await advance(500);
    // Input events are not replayed: the echo in the output shows what was typed.
    expect(written.join('')).toBe('$ ls\r\n');
    expect(sizes).toEqual(['100x30', '120x40']);
    await advance(2_000);
    expect(written.join('')).toBe('$ ls\r\na.txt\r\n');
    expect(playback.state()).toMatchObject({ playing: false, ended: true });
    playback.restart();
    expect(written).toEqual([]);
    expect(playback.state()).toMatchObject({ position: 0, ended: false });
  });
});
