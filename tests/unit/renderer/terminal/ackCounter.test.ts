import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACK_STEP_BYTES, LOW_WATERMARK_BYTES } from '../../../../shared/terminal.js';
import { ackMessages, createAckCounter } from '../../../../renderer/src/terminal/ackCounter.js';

describe('the renderer ack counter', () => {
  it('acknowledges in whole ACK_STEP_BYTES steps while xterm is behind', () => {
    const ack = createAckCounter();
    expect(ack.written(ACK_STEP_BYTES - 1, false)).toBe(0);
    expect(ack.written(1, false)).toBe(ACK_STEP_BYTES);
    expect(ack.pending).toBe(0);
    expect(ack.written(2 * ACK_STEP_BYTES + 345, false)).toBe(2 * ACK_STEP_BYTES);
    expect(ack.pending).toBe(345);
    expect(ack.written(0, false)).toBe(0);
  });

  it('acknowledges everything pending once xterm has caught up', () => {
    const ack = createAckCounter();
    expect(ack.written(100, false)).toBe(0);
    expect(ack.written(20, true)).toBe(120);
    expect(ack.pending).toBe(0);
    expect(ack.written(0, true)).toBe(0);
  });

  it('never holds back as much as the low watermark, and acks all of it by the time xterm catches up', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400_000 }), { maxLength: 200 }), (chunks) => {
        const ack = createAckCounter();
        let acked = 0;
        chunks.forEach((n, i) => {
          const now = ack.written(n, i === chunks.length - 1);
          if (i < chunks.length - 1) expect(now % ACK_STEP_BYTES).toBe(0);
          acked += now;
          expect(ack.pending).toBeLessThan(LOW_WATERMARK_BYTES);
        });
        expect(acked).toBe(chunks.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('splits what is due into messages of at most one step', () => {
    expect(ackMessages(0)).toEqual([]);
    expect(ackMessages(10)).toEqual([10]);
    expect(ackMessages(2 * ACK_STEP_BYTES + 1)).toEqual([ACK_STEP_BYTES, ACK_STEP_BYTES, 1]);
  });

  it('forgets pending bytes on reset (a restarted shell has its own count)', () => {
    const ack = createAckCounter();
    ack.written(3_000, false);
    ack.reset();
    expect(ack.written(3_000, false)).toBe(0);
    expect(ack.pending).toBe(3_000);
  });
});
