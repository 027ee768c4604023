import { ACK_STEP_BYTES, HIGH_WATERMARK_BYTES, LOW_WATERMARK_BYTES } from '../../../shared/terminal.js';

/**
 * The constants live in shared/terminal.ts because the renderer acknowledges in ACK_STEP_BYTES
 * steps and may import only shared/. Re-exported here for the app side.
 *
 * Invariant (checked by the constructor for custom limits, reasons in shared/terminal.ts):
 *   0 < 2 x ackSize <= low < high.
 * Past `high`, unacknowledged bytes grow only by what the pty host's reader thread had read when
 * the pause reached it (ptyHost.ts): posts in transit (at most its transit bound plus one post),
 * the reads it was still joining (under a post plus one read), and what it read in the moment the
 * pause was on its way, since the pause is sent in the same `sent()` call that crosses `high` and a
 * paused pty delivers nothing more. One exception, bounded by the kernel's pty buffers: a paused
 * pty whose process has ended is read to its end (ptyHostWorkerSource.ts).
 */
export { ACK_STEP_BYTES, HIGH_WATERMARK_BYTES, LOW_WATERMARK_BYTES };

/** What flow control steers: a shell in the pty host (PtyProcess). */
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
  high: HIGH_WATERMARK_BYTES,
  low: LOW_WATERMARK_BYTES,
  ackSize: ACK_STEP_BYTES,
};

export interface FlowState {
  paused: boolean;
  unacked: number;
}

/** Pure bookkeeping: counts bytes sent and acknowledged, pauses and resumes the target. */
export class FlowControl {
  private unackedBytes = 0;
  private isPaused = false;

  constructor(
    private readonly target: Pausable,
    private readonly limits: FlowLimits = DEFAULT_FLOW_LIMITS,
  ) {
    if (!(limits.ackSize > 0 && 2 * limits.ackSize <= limits.low && limits.low < limits.high)) {
      throw new RangeError(`flow limits break 0 < 2 x ackSize <= low < high: ${JSON.stringify(limits)}`);
    }
  }

  /** Bytes just read from the pty and on their way to the renderer. */
  sent(bytes: number): void {
    this.unackedBytes += bytes;
    if (!this.isPaused && this.unackedBytes > this.limits.high) {
      this.isPaused = true;
      this.target.pause();
    }
  }

  /**
   * The renderer has written `bytes` more bytes. Acks beyond what is outstanding (e.g. late acks
   * for a shell that was restarted) clamp at zero rather than bank credit.
   */
  ack(bytes: number): void {
    this.unackedBytes = Math.max(0, this.unackedBytes - bytes);
    if (this.isPaused && this.unackedBytes < this.limits.low) {
      this.isPaused = false;
      this.target.resume();
    }
  }

  get state(): FlowState {
    return { paused: this.isPaused, unacked: this.unackedBytes };
  }
}
