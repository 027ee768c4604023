import { describe, expect, it } from 'vitest';
import { BATCH_MAX_BYTES, BATCH_WINDOW_MS, OutputBatcher, type Scheduler } from '../../../../../electron/core/terminal/outputBatcher.js';
import { HIGH_WATERMARK_BYTES } from '../../../../../shared/terminal.js';

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
  const raw: Buffer[] = [];
  const batcher = new OutputBatcher((chunk) => {
    raw.push(chunk);
    sent.push(chunk.toString('latin1'));
  }, clock.scheduler);
  return { clock, sent, raw, batcher };
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

  it('uses the documented batch cap: a quarter of the high watermark, so four frames are in flight during a flood', () => {
    expect([BATCH_WINDOW_MS, BATCH_MAX_BYTES]).toEqual([5, 128 * 1024]);
    expect(HIGH_WATERMARK_BYTES / BATCH_MAX_BYTES).toBe(4);
  });

  it('sends a batch that reaches BATCH_MAX_BYTES without waiting for the window to end', () => {
    const { sent, batcher, clock } = setup();
    batcher.push(Buffer.from('p')); // the lone read goes out at once and opens a window
    const read = 'r'.repeat(4095);
    const reads = Math.ceil(BATCH_MAX_BYTES / read.length);
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

  it('passes bytes through untouched: nothing is decoded, a split character is not held back', () => {
    const { raw, batcher, clock } = setup();
    const bytes = Buffer.from('ab😀cd €\xff', 'utf8');
    // Every byte alone, each after a quiet window: each goes out at once, as read.
    let counted = 0;
    for (const byte of bytes) {
      counted += batcher.push(Buffer.from([byte]));
      clock.advance(BATCH_WINDOW_MS);
    }
    expect(counted).toBe(bytes.length);
    expect(raw).toHaveLength(bytes.length);
    expect(Buffer.concat(raw).equals(bytes)).toBe(true);
    // Not even invalid UTF-8 is touched (0xff is no character at all).
    const invalid = Buffer.from([0x61, 0xff, 0xfe, 0xc3]);
    batcher.push(invalid);
    expect(raw.at(-1)?.equals(invalid)).toBe(true);
  });

  it('joins reads into a buffer of its own, so later reads cannot change what was sent', () => {
    const { raw, batcher, clock } = setup();
    batcher.push(Buffer.from('x'));
    const a = Buffer.from('abc');
    const b = Buffer.from('def');
    batcher.push(a);
    batcher.push(b);
    clock.advance(BATCH_WINDOW_MS);
    a.fill(0x7a);
    expect(raw.map((c) => c.toString())).toEqual(['x', 'abcdef']);
  });

  it('end() flushes what is pending and ignores later reads', () => {
    const { sent, batcher } = setup();
    batcher.push(Buffer.from('ok'));
    batcher.push(Buffer.from('more'));
    batcher.end();
    expect(sent.join('')).toBe('okmore');
    expect(batcher.push(Buffer.from('late'))).toBe(0);
    expect(sent.join('')).toBe('okmore');
  });
});
