import { describe, expect, it } from 'vitest';
import {
  CHAR_COUNT_ACK_SIZE,
  DEFAULT_FLOW_LIMITS,
  FlowControl,
  HIGH_WATERMARK_CHARS,
  LOW_WATERMARK_CHARS,
} from '../../../../../electron/core/terminal/flowControl.js';

function fakePty() {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume') };
}

describe('FlowControl', () => {
  it('uses the documented constants and keeps ackSize <= low < high', () => {
    expect([HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS, CHAR_COUNT_ACK_SIZE]).toEqual([100_000, 5_000, 5_000]);
    expect(CHAR_COUNT_ACK_SIZE).toBeLessThanOrEqual(LOW_WATERMARK_CHARS);
    expect(LOW_WATERMARK_CHARS).toBeLessThan(HIGH_WATERMARK_CHARS);
    expect(() => new FlowControl(fakePty(), { high: 10, low: 5, ackSize: 6 })).toThrow(RangeError);
    expect(() => new FlowControl(fakePty(), { high: 5, low: 5, ackSize: 1 })).toThrow(RangeError);
  });

  it('pauses once more than the high watermark is unacknowledged, not at it', () => {
    const pty = fakePty();
    const flow = new FlowControl(pty);
    flow.sent(HIGH_WATERMARK_CHARS);
    expect(flow.state).toEqual({ paused: false, unacked: HIGH_WATERMARK_CHARS });
    flow.sent(1);
    expect(flow.state.paused).toBe(true);
    flow.sent(50);
    expect(pty.calls).toEqual(['pause']);
  });

  it('resumes only below the low watermark, once, when acked in CHAR_COUNT_ACK_SIZE steps', () => {
    const pty = fakePty();
    const flow = new FlowControl(pty);
    flow.sent(120_000);
    let steps = 0;
    while (flow.state.paused) {
      flow.ack(CHAR_COUNT_ACK_SIZE);
      steps++;
      if (flow.state.paused) expect(flow.state.unacked).toBeGreaterThanOrEqual(LOW_WATERMARK_CHARS);
    }
    expect(flow.state.unacked).toBeLessThan(LOW_WATERMARK_CHARS);
    expect(steps).toBe(Math.floor((120_000 - LOW_WATERMARK_CHARS) / CHAR_COUNT_ACK_SIZE) + 1);
    expect(pty.calls).toEqual(['pause', 'resume']);
  });

  it('a renderer acking every full step always unpauses (the invariant in action)', () => {
    for (const total of [100_001, 104_999, 105_000, 163_841]) {
      const pty = fakePty();
      const flow = new FlowControl(pty, DEFAULT_FLOW_LIMITS);
      flow.sent(total);
      // The renderer acks only whole steps; the remainder (< ackSize) stays unacknowledged.
      for (let written = CHAR_COUNT_ACK_SIZE; written <= total; written += CHAR_COUNT_ACK_SIZE) flow.ack(CHAR_COUNT_ACK_SIZE);
      expect(flow.state.paused).toBe(false);
    }
  });

  it('clamps acks beyond what is outstanding instead of banking credit', () => {
    const pty = fakePty();
    const flow = new FlowControl(pty);
    flow.ack(50_000);
    expect(flow.state.unacked).toBe(0);
    flow.sent(HIGH_WATERMARK_CHARS + 1);
    expect(flow.state.paused).toBe(true);
  });
});
