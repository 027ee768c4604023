import { ACK_STEP_BYTES } from '../../../shared/terminal.js';

/**
 * The renderer's half of terminal flow control (DESIGN 7, shared/terminal.ts): counts the bytes
 * xterm has written (from its write callback) and says when to acknowledge: in whole steps while
 * more is queued, and everything once xterm has caught up, so a shell paused for want of acks never
 * waits on bytes the renderer holds back.
 */
export interface AckCounter {
  /**
   * `bytes` more were written; `caughtUp` when xterm has nothing more queued. Returns how many to
   * acknowledge now: 0 or whole steps, or all that is pending once caught up.
   */
  written(bytes: number, caughtUp: boolean): number;
  /** Written but not yet acknowledged. */
  readonly pending: number;
  /** Forget what is pending (a restarted shell starts its own count). */
  reset(): void;
}

export function createAckCounter(step: number = ACK_STEP_BYTES): AckCounter {
  if (!(Number.isInteger(step) && step > 0)) throw new RangeError(`ack step must be a positive integer, got ${step}`);
  let pending = 0;
  return {
    written(bytes, caughtUp) {
      if (bytes > 0) pending += bytes;
      if (caughtUp) {
        const all = pending;
        pending = 0;
        return all;
      }
      if (pending < step) return 0;
      const steps = Math.floor(pending / step);
      pending -= steps * step;
      return steps * step;
    },
    get pending() {
      return pending;
    },
    reset() {
      pending = 0;
    },
  };
}

/**
 * The ack messages for `bytes`: none carries more than `step`, so one lost message leaves at most
 * `step` unaccounted, below the low watermark (the invariant in shared/terminal.ts).
 */
export function ackMessages(bytes: number, step: number = ACK_STEP_BYTES): number[] {
  const out: number[] = [];
  for (let left = bytes; left > 0; left -= step) out.push(Math.min(step, left));
  return out;
}
