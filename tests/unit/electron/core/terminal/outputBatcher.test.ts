import { describe, expect, it } from 'vitest';
import { BATCH_MAX_CHARS, BATCH_WINDOW_MS, OutputBatcher, type Scheduler } from '../../../../../electron/core/terminal/outputBatcher.js';

/** A clock the test moves by hand; timers fire when their time is passed. */
function manualScheduler() {
  let now = 1000;
  let timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  const scheduler: Scheduler = {
    now: () => now,
    setTimeout(fn, ms) {
      const t = { at: now + ms, fn, live: true };
      timers.push(t);
      return () => {
        t.live = false;
      };
    },
  };
  return {
    scheduler,
    pendingTimers: () => timers.filter((t) => t.live).length,
    advance(ms: number) {
      now += ms;
      for (const t of [...timers].sort((a, b) => a.at - b.at)) {
        if (t.live && t.at <= now) {
          t.live = false;
          t.fn();
        }
      }
      timers = timers.filter((t) => t.live);
    },
  };
}

function setup() {
  const clock = manualScheduler();
  const sent: string[] = [];
  const batcher = new OutputBatcher((t) => sent.push(t), clock.scheduler);
  return { clock, sent, batcher };
}

describe('OutputBatcher', () => {
  it('sends a lone small read at once', () => {
    const { sent, batcher, clock } = setup();
    expect(batcher.push(Buffer.from('a'))).toBe(1);
    expect(sent).toEqual(['a']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('joins reads that follow within the window and sends them when it ends', () => {
    const { sent, batcher, clock } = setup();
    batcher.push(Buffer.from('first'));
    clock.advance(1);
    batcher.push(Buffer.from('b'));
    clock.advance(1);
    batcher.push(Buffer.from('c'));
    expect(sent).toEqual(['first']);
    clock.advance(BATCH_WINDOW_MS - 3);
    expect(sent).toEqual(['first']);
    clock.advance(1);
    expect(sent).toEqual(['first', 'bc']);
  });

  it('a read after a quiet window goes out at once again', () => {
    const { sent, batcher, clock } = setup();
    batcher.push(Buffer.from('x'));
    clock.advance(BATCH_WINDOW_MS);
    batcher.push(Buffer.from('y'));
    expect(sent).toEqual(['x', 'y']);
  });

  it('under a steady flood sends one message per window, losing nothing', () => {
    const { sent, batcher, clock } = setup();
    let expected = '';
    for (let ms = 0; ms < 50; ms++) {
      const piece = `${ms};`;
      expected += piece;
      batcher.push(Buffer.from(piece));
      clock.advance(1);
    }
    batcher.flush();
    expect(sent.join('')).toBe(expected);
    expect(sent.length).toBeLessThanOrEqual(50 / BATCH_WINDOW_MS + 2);
  });

  it('sends a batch that reaches BATCH_MAX_CHARS without waiting for the window to end', () => {
    const { sent, batcher, clock } = setup();
    batcher.push(Buffer.from('p')); // the lone read goes out at once and opens a window
    const read = 'r'.repeat(4095);
    const reads = Math.ceil(BATCH_MAX_CHARS / read.length);
    for (let i = 0; i < reads - 1; i++) batcher.push(Buffer.from(read));
    expect(sent).toEqual(['p']);
    batcher.push(Buffer.from(read));
    expect(sent).toEqual(['p', read.repeat(reads)]);
    expect(clock.pendingTimers()).toBe(0);
    // The window is still open: the next read waits for it again rather than going out alone.
    batcher.push(Buffer.from('q'));
    expect(sent).toHaveLength(2);
    clock.advance(BATCH_WINDOW_MS);
    expect(sent).toEqual(['p', read.repeat(reads), 'q']);
  });

  it('never splits a multi-byte character fed one byte at a time', () => {
    const { sent, batcher, clock } = setup();
    const text = '€ 😀 ü 中';
    const bytes = Buffer.from(text);
    let counted = 0;
    for (const byte of bytes) {
      counted += batcher.push(Buffer.from([byte]));
      clock.advance(BATCH_WINDOW_MS);
    }
    expect(sent.join('')).toBe(text);
    expect(counted).toBe(text.length);
    for (const piece of sent) {
      expect(piece).not.toContain('\uFFFD');
      // No lone surrogate halves either: every piece is valid on its own.
      expect(Buffer.from(piece).toString('utf8')).toBe(piece);
    }
  });

  it('keeps an emoji whole when its four bytes straddle two reads', () => {
    const { sent, batcher } = setup();
    const bytes = Buffer.from('ab😀cd');
    batcher.push(bytes.subarray(0, 4));
    batcher.push(bytes.subarray(4));
    batcher.flush();
    expect(sent).toEqual(['ab', '😀cd']);
  });

  it('end() flushes pending text and reports an incomplete trailing sequence as U+FFFD', () => {
    const { sent, batcher } = setup();
    batcher.push(Buffer.from('ok'));
    batcher.push(Buffer.from('more'));
    batcher.push(Buffer.from('€').subarray(0, 2));
    expect(batcher.end()).toBe(1);
    expect(sent.join('')).toBe('okmore\uFFFD');
    expect(batcher.push(Buffer.from('late'))).toBe(0);
    expect(sent.join('')).toBe('okmore\uFFFD');
  });
});
