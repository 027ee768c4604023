import { CHAR_COUNT_ACK_SIZE } from '../../../shared/terminal.js';

/**
 * The renderer's half of terminal flow control (DESIGN 7, shared/terminal.ts): counts characters
 * xterm has written (from its write callback) and says when to acknowledge, in whole
 * CHAR_COUNT_ACK_SIZE steps. Up to `step - 1` characters stay unacknowledged, which the shared
 * invariant (step <= low watermark) allows.
 */
export interface AckCounter {
  /** `chars` more were written; returns how many to acknowledge now (0 or a multiple of the step). */
  written(chars: number): number;
  /** Written but not yet acknowledged. */
  readonly pending: number;
  /** Forget what is pending (a restarted shell starts its own count). */
  reset(): void;
}

export function createAckCounter(step: number = CHAR_COUNT_ACK_SIZE): AckCounter {
  if (!(Number.isInteger(step) && step > 0)) throw new RangeError(`ack step must be a positive integer, got ${step}`);
  let pending = 0;
  return {
    written(chars) {
      if (!(chars > 0)) return 0;
      pending += chars;
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
