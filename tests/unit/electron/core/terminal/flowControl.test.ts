import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACK_STEP_BYTES,
  DEFAULT_FLOW_LIMITS,
  FlowControl,
  HIGH_WATERMARK_BYTES,
  LOW_WATERMARK_BYTES,
  type FlowLimits,
} from '../../../../../electron/core/terminal/flowControl.js';
import { ackMessages, createAckCounter } from '../../../../../renderer/src/terminal/ackCounter.js';

function fakePty() {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume') };
}

/**
 * One flood through both halves of flow control: the app's FlowControl and the renderer's
 * AckCounter (ackMessages per task), with xterm writing `slice` bytes per callback, `perTask`
 * callbacks per task, and the ack message numbered `lose` never arriving. Reads stop while the pty
 * is paused, as node-pty's do. The renderer acknowledges whole steps as they are written and the
 * remainder only once the program is done and xterm has written it all (the worst case: in the
 * app the remainder also goes whenever xterm stays caught up for a moment, e.g. while the pty is
 * paused). Returns the app's state once the renderer has written everything.
 */
function flood(options: { total: number; read: number; slice: number; perTask: number; lose: number | null; limits?: FlowLimits }) {
  const pty = fakePty();
  const flow = new FlowControl(pty, options.limits ?? DEFAULT_FLOW_LIMITS);
  const counter = createAckCounter(options.limits?.ackSize ?? ACK_STEP_BYTES);
  let produced = 0;
  let queued = 0; // sent to the renderer, not yet written by xterm
  let message = 0;
  // No iteration cap: every pass writes at least a byte or ends the loop, so it ends within
  // `total` passes. (A cap of a million passes once cut floods of a byte per task short, leaving
  // their last bytes unacknowledged, and fast-check found that as a stall that was not there.)
  for (;;) {
    // The pty delivers reads until it is paused or the program is done.
    while (!flow.state.paused && produced < options.total) {
      const n = Math.min(options.read, options.total - produced);
      produced += n;
      queued += n;
      flow.sent(n);
    }
    if (queued === 0) break;
    // One xterm task: a few slices written, their callbacks back to back, then the task's acks.
    let due = 0;
    for (let i = 0; i < options.perTask && queued > 0; i++) {
      const n = Math.min(options.slice, queued);
      queued -= n;
      due += counter.written(n, queued === 0 && produced === options.total);
    }
    for (const bytes of ackMessages(due, options.limits?.ackSize ?? ACK_STEP_BYTES)) {
      if (message++ !== options.lose) flow.ack(bytes);
    }
  }
  return { produced, paused: flow.state.paused, unacked: flow.state.unacked, messages: message, calls: pty.calls };
}

describe('FlowControl', () => {
  it('uses the documented byte constants, with 0 < 2 x ack step <= low < high', () => {
    expect([HIGH_WATERMARK_BYTES, LOW_WATERMARK_BYTES, ACK_STEP_BYTES]).toEqual([512 * 1024, 256 * 1024, 64 * 1024]);
    // The invariant that lets a paused pty resume after one lost ack while the renderer holds back
    // a remainder (shared/terminal.ts).
    expect(ACK_STEP_BYTES).toBeGreaterThan(0);
    expect(LOW_WATERMARK_BYTES).toBeGreaterThanOrEqual(2 * ACK_STEP_BYTES);
    expect(HIGH_WATERMARK_BYTES).toBeGreaterThan(LOW_WATERMARK_BYTES);
    expect(() => new FlowControl(fakePty(), { high: 10, low: 5, ackSize: 6 })).toThrow(RangeError);
    expect(() => new FlowControl(fakePty(), { high: 10, low: 5, ackSize: 5 })).toThrow(RangeError);
    expect(() => new FlowControl(fakePty(), { high: 10, low: 5, ackSize: 3 })).toThrow(RangeError);
    expect(() => new FlowControl(fakePty(), { high: 5, low: 5, ackSize: 1 })).toThrow(RangeError);
    expect(new FlowControl(fakePty(), { high: 10, low: 6, ackSize: 3 }).state).toEqual({ paused: false, unacked: 0 });
  });

  it('pauses once more than the high watermark is unacknowledged, not at it', () => {
    const pty = fakePty();
    const flow = new FlowControl(pty);
    flow.sent(HIGH_WATERMARK_BYTES);
    expect(flow.state).toEqual({ paused: false, unacked: HIGH_WATERMARK_BYTES });
    flow.sent(1);
    expect(flow.state.paused).toBe(true);
    flow.sent(50);
    expect(pty.calls).toEqual(['pause']);
  });

  it('resumes only below the low watermark, once, when acked in ACK_STEP_BYTES steps', () => {
    const pty = fakePty();
    const flow = new FlowControl(pty);
    const total = HIGH_WATERMARK_BYTES + 100_000;
    flow.sent(total);
    let steps = 0;
    while (flow.state.paused) {
      flow.ack(ACK_STEP_BYTES);
      steps++;
      if (flow.state.paused) expect(flow.state.unacked).toBeGreaterThanOrEqual(LOW_WATERMARK_BYTES);
    }
    expect(flow.state.unacked).toBeLessThan(LOW_WATERMARK_BYTES);
    expect(steps).toBe(Math.floor((total - LOW_WATERMARK_BYTES) / ACK_STEP_BYTES) + 1);
    expect(pty.calls).toEqual(['pause', 'resume']);
  });

  it('a flood through the renderer\'s acks always ends unpaused with nothing outstanding', () => {
    const result = flood({ total: 8 * HIGH_WATERMARK_BYTES, read: 4096, slice: 16_384, perTask: 7, lose: null });
    expect(result.produced).toBe(8 * HIGH_WATERMARK_BYTES);
    expect(result).toMatchObject({ paused: false, unacked: 0 });
    expect(result.calls.filter((c) => c === 'pause').length).toBeGreaterThan(1);
  });

  it('one lost acknowledgement never stalls a paused pty, whichever it is', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: HIGH_WATERMARK_BYTES + 1, max: 6 * HIGH_WATERMARK_BYTES }),
        fc.integer({ min: 1, max: 65_536 }),
        fc.integer({ min: 1, max: 65_536 }),
        fc.integer({ min: 1, max: 40 }),
        fc.nat(),
        (total, read, slice, perTask, pick) => {
          const all = flood({ total, read, slice, perTask, lose: null }).messages;
          const result = flood({ total, read, slice, perTask, lose: pick % all });
          // The program got to write everything (though the renderer held back up to a step all
          // along), and what is left counted is that one ack.
          expect(result.produced).toBe(total);
          expect(result.paused).toBe(false);
          expect(result.unacked).toBeLessThanOrEqual(ACK_STEP_BYTES);
        },
      ),
    );
  });

  it('a flood of a byte per xterm task is followed to its end, past a million tasks', () => {
    // fast-check's counterexample (seed -1929236749): [1000001, 1, 1, 1, 0].
    const result = flood({ total: 1_000_001, read: 1, slice: 1, perTask: 1, lose: 0 });
    expect(result).toMatchObject({ produced: 1_000_001, paused: false, unacked: ACK_STEP_BYTES });
  });

  it('with the ack step at the low watermark one lost ack can stall it (why the invariant is strict)', () => {
    // Limits that skip the constructor's check, to show what it prevents.
    const limits = { high: 8, low: 4, ackSize: 4 } as FlowLimits;
    const unchecked = Object.create(FlowControl.prototype) as FlowControl;
    Object.assign(unchecked, { target: fakePty(), limits, unackedBytes: 0, isPaused: false });
    unchecked.sent(12);
    unchecked.ack(4);
    unchecked.ack(4); // the third ack of 4 is lost: 4 stay counted, which is not below low
    expect(unchecked.state).toEqual({ paused: true, unacked: 4 });
    expect(() => new FlowControl(fakePty(), limits)).toThrow(RangeError);
  });

  it('clamps acks beyond what is outstanding instead of banking credit', () => {
    const pty = fakePty();
    const flow = new FlowControl(pty);
    flow.ack(50_000);
    expect(flow.state.unacked).toBe(0);
    flow.sent(HIGH_WATERMARK_BYTES + 1);
    expect(flow.state.paused).toBe(true);
  });
});
