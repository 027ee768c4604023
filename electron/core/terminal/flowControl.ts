import { CHAR_COUNT_ACK_SIZE, HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from '../../../shared/terminal.js';

/**
 * The constants live in shared/terminal.ts because the renderer acknowledges in
 * CHAR_COUNT_ACK_SIZE steps and may import only shared/. Re-exported here for the app side.
 *
 * Invariant (checked by the constructor for custom limits):
 *   ackSize <= low < high.
 * Unacknowledged characters never exceed `high` plus one pty read: the pty is paused synchronously
 * in the same `sent()` call that crosses `high`, and a paused pty delivers nothing more.
 */
export { CHAR_COUNT_ACK_SIZE, HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS };

/** What flow control steers: node-pty's IPty has exactly these two methods. */
export interface Pausable {
  pause(): void;
  resume(): void;
}

export interface FlowLimits {
  high: number;
  low: number;
  ackSize: number;
}

export const DEFAULT_FLOW_LIMITS: FlowLimits = {
  high: HIGH_WATERMARK_CHARS,
  low: LOW_WATERMARK_CHARS,
  ackSize: CHAR_COUNT_ACK_SIZE,
};

export interface FlowState {
  paused: boolean;
  unacked: number;
}

/** Pure bookkeeping: counts characters sent and acknowledged, pauses and resumes the target. */
export class FlowControl {
  private unackedChars = 0;
  private isPaused = false;

  constructor(
    private readonly target: Pausable,
    private readonly limits: FlowLimits = DEFAULT_FLOW_LIMITS,
  ) {
    if (!(limits.ackSize <= limits.low && limits.low < limits.high && limits.ackSize > 0)) {
      throw new RangeError(`flow limits break ackSize <= low < high: ${JSON.stringify(limits)}`);
    }
  }

  /** Characters just read from the pty and on their way to the renderer. */
  sent(chars: number): void {
    this.unackedChars += chars;
    if (!this.isPaused && this.unackedChars > this.limits.high) {
      this.isPaused = true;
      this.target.pause();
    }
  }

  /**
   * The renderer has written `chars` more characters. Acks beyond what is outstanding (e.g. late
   * acks for a shell that was restarted) clamp at zero rather than bank credit.
   */
  ack(chars: number): void {
    this.unackedChars = Math.max(0, this.unackedChars - chars);
    if (this.isPaused && this.unackedChars < this.limits.low) {
      this.isPaused = false;
      this.target.resume();
    }
  }

  get state(): FlowState {
    return { paused: this.isPaused, unacked: this.unackedChars };
  }
}
