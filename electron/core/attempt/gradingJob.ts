import type { GradingStatus } from '../../../shared/attemptView.js';
import type { GradedResult } from '../../../shared/grading/resultSchema.js';

/**
 * Practice grading as a job of its own (DESIGN 7: a system error of the grader is retried, never
 * the candidate's problem). Sealing does not wait for it: the attempt is sealed (signed result on
 * disk, in the outbox) first, then the job grades. A failure of the grader itself (a crashed SQL
 * worker, a sandbox that cannot start) is shown as "grading failed, retrying" and retried with
 * growing delays until it succeeds; it never touches the seal or the upload.
 */

/** Delays before each retry; the last one repeats. */
export const GRADING_RETRY_DELAYS_MS: readonly number[] = [1_000, 2_000, 5_000, 15_000, 60_000];

export interface GradingJobOptions {
  /** Grades once; throws when the grader failed (a system error). */
  grade: () => Promise<GradedResult>;
  onChange: (status: GradingStatus, graded: GradedResult | null) => void;
  log: (line: string) => void;
  delaysMs?: readonly number[];
  /** Replaceable for tests; returns a cancel function. */
  setTimer?: (fn: () => void, ms: number) => () => void;
}

const defaultSetTimer = (fn: () => void, ms: number) => {
  const handle = setTimeout(fn, ms);
  handle.unref?.();
  return () => clearTimeout(handle);
};

export class GradingJob {
  private current: GradingStatus = { status: 'grading', attempts: 0, error: null };
  private cancelTimer: (() => void) | null = null;
  private stopped = false;
  private readonly delays: readonly number[];
  private readonly setTimer: (fn: () => void, ms: number) => () => void;

  constructor(private readonly options: GradingJobOptions) {
    this.delays = options.delaysMs ?? GRADING_RETRY_DELAYS_MS;
    this.setTimer = options.setTimer ?? defaultSetTimer;
  }

  status(): GradingStatus {
    return this.current;
  }

  /** Starts the first run; resolves once that run has ended (graded or scheduled for a retry). */
  start(): Promise<void> {
    return this.run();
  }

  /** The attempt is closed: no more retries. */
  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    const attempts = this.current.attempts + 1;
    this.set({ status: this.current.status === 'retrying' ? 'retrying' : 'grading', attempts, error: this.current.error }, null);
    try {
      const graded = await this.options.grade();
      if (this.stopped) return;
      this.set({ status: 'done', attempts, error: null }, graded);
    } catch (error) {
      if (this.stopped) return;
      const message = error instanceof Error ? error.message : String(error);
      this.options.log(`practice grading failed (attempt ${attempts}), retrying: ${message}`);
      this.set({ status: 'retrying', attempts, error: message }, null);
      const delay = this.delays[Math.min(attempts - 1, this.delays.length - 1)] ?? 1_000;
      this.cancelTimer = this.setTimer(() => {
        this.cancelTimer = null;
        void this.run();
      }, delay);
    }
  }

  private set(status: GradingStatus, graded: GradedResult | null): void {
    this.current = status;
    this.options.onChange(status, graded);
  }
}
