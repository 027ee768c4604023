/**
 * Runs a step until it succeeds: now, then again after each delay (the last one repeats). Used for
 * what must eventually happen whatever the disk says, such as sealing a submitted attempt: a full
 * disk at time-up fails the seal once, the candidate frees space, and the seal goes through.
 */
export const RETRY_DELAYS_MS: readonly number[] = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

export class RetryLoop {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly step: () => Promise<void>,
    private readonly onFailure: (error: unknown, attempt: number, nextInMs: number) => void,
    private readonly delays: readonly number[] = RETRY_DELAYS_MS,
  ) {}

  /** True while a retry is scheduled or running: the step has not succeeded yet. */
  get pending(): boolean {
    return this.timer !== null || this.running;
  }

  /** Starts retrying after a failure (no-op while already pending). */
  schedule(): void {
    if (this.stopped || this.pending) return;
    const delay = this.delays[Math.min(this.failures, this.delays.length - 1)] ?? 1_000;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runOnce();
    }, delay);
    // A pending retry must not keep a closing process alive; the next start resumes the work.
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    if (this.stopped) return;
    this.running = true;
    try {
      await this.step();
      this.failures = 0;
      this.running = false;
    } catch (error) {
      this.failures++;
      this.running = false;
      this.onFailure(error, this.failures, this.delays[Math.min(this.failures, this.delays.length - 1)] ?? 1_000);
      this.schedule();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
