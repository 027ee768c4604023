import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHAR_COUNT_ACK_SIZE, LOW_WATERMARK_CHARS } from '../../../../shared/terminal.js';
import { createAckCounter } from '../../../../renderer/src/terminal/ackCounter.js';

describe('the renderer ack counter', () => {
  it('acknowledges in whole CHAR_COUNT_ACK_SIZE steps', () => {
    const ack = createAckCounter();
    expect(ack.written(4_999)).toBe(0);
    expect(ack.written(1)).toBe(CHAR_COUNT_ACK_SIZE);
    expect(ack.pending).toBe(0);
    expect(ack.written(12_345)).toBe(10_000);
    expect(ack.pending).toBe(2_345);
    expect(ack.written(0)).toBe(0);
  });

  it('never holds back as much as the low watermark, and acks everything but the remainder', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 200 }), (chunks) => {
        const ack = createAckCounter();
        let acked = 0;
        for (const n of chunks) {
          const now = ack.written(n);
          expect(now % CHAR_COUNT_ACK_SIZE).toBe(0);
          acked += now;
          expect(ack.pending).toBeLessThan(LOW_WATERMARK_CHARS);
        }
        const total = chunks.reduce((a, b) => a + b, 0);
        expect(acked + ack.pending).toBe(total);
      }),
    );
  });

  it('forgets pending characters on reset (a restarted shell has its own count)', () => {
    const ack = createAckCounter();
    ack.written(3_000);
    ack.reset();
    expect(ack.written(3_000)).toBe(0);
    expect(ack.pending).toBe(3_000);
  });
});
